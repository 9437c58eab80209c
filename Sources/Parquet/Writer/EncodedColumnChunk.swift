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

    var totalCompressedSize: Int { dictionaryPage.count + dataPages.count }
    var totalUncompressedSize: Int { dictionaryPageUncompressedSize + dataPagesUncompressedSize }
}
