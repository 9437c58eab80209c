/// The finished pages of one column chunk, held until its row group is written out.
struct EncodedColumnChunk {
    /// Header + body of the dictionary page, when the chunk is dictionary-encoded.
    var dictionaryPage: [UInt8] = []
    var dictionaryPageUncompressedSize = 0
    /// Headers + bodies of the data pages, in order.
    var dataPages: [UInt8] = []
    /// Header + uncompressed body sizes of the data pages.
    var dataPagesUncompressedSize = 0
    var numValues = 0
    var encodings: Set<Int32> = []
    var statistics = ParquetStatistics()
    /// Data pages per encoding, and whether there is a dictionary page.
    var dataPagesByEncoding: [Int32: Int32] = [:]
    /// DATA_PAGE or DATA_PAGE_V2: the kind every data page of the chunk is written as.
    var dataPageType = PageType.dataPage

    /// Accounts for one data page just appended to `dataPages`.
    mutating func countDataPage(encoding: Encoding, values: Int, hasLevels: Bool) {
        numValues += values
        encodings.insert(encoding.rawValue)
        dataPagesByEncoding[encoding.rawValue, default: 0] += 1
        if hasLevels { encodings.insert(Encoding.rle.rawValue) }
    }

    /// Page counts per kind and encoding, dictionary page first.
    var encodingStats: [ParquetPageEncodingStats] {
        var stats: [ParquetPageEncodingStats] = []
        if !dictionaryPage.isEmpty {
            stats.append(ParquetPageEncodingStats(pageType: PageType.dictionaryPage.rawValue, encoding: Encoding.plain.rawValue, count: 1))
        }
        for (encoding, count) in dataPagesByEncoding.sorted(by: { $0.key < $1.key }) {
            stats.append(ParquetPageEncodingStats(pageType: dataPageType.rawValue, encoding: encoding, count: count))
        }
        return stats
    }

    var totalCompressedSize: Int { dictionaryPage.count + dataPages.count }
    var totalUncompressedSize: Int { dictionaryPageUncompressedSize + dataPagesUncompressedSize }
}
