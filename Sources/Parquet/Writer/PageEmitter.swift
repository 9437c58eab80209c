/// Compresses page bodies and frames them with Thrift page headers.
final class PageEmitter {
    private let compressor: ZstdCompressor?
    private let dataPageVersion: ParquetDataPageVersion
    private var header = ThriftCompactWriter()
    /// Reused page body (levels + values) so pages do not allocate.
    var body: [UInt8] = []
    private var levelScratch: [UInt8] = []
    /// Reused compression output.
    private var compressed: [UInt8] = []

    init(compression: ParquetCompression, dataPageVersion: ParquetDataPageVersion = .v1) {
        self.dataPageVersion = dataPageVersion
        switch compression {
        case .uncompressed: compressor = nil
        case .zstd(let level): compressor = ZstdCompressor(level: Int32(clamping: level))
        }
    }

    var codec: CompressionCodec { compressor == nil ? .uncompressed : .zstd }

    /// Appends a data page built from `levels` and `values`; `valueCount` counts level
    /// entries (slots), which for a list column is more than its rows.
    func emitDataPage(levels: PageLevels, values: UnsafeRawBufferPointer, valueCount: Int,
                      encoding: Encoding, to chunk: inout EncodedColumnChunk) throws {
        if dataPageVersion == .v2 {
            return try emitDataPageV2(levels: levels, values: values, valueCount: valueCount, encoding: encoding, to: &chunk)
        }
        body.removeAll(keepingCapacity: true)
        LevelEncoder.appendV1(levels, to: &body, scratch: &levelScratch)
        body.append(contentsOf: values)
        var h = PageHeader(type: PageType.dataPage.rawValue, uncompressedPageSize: 0, compressedPageSize: 0)
        h.numValues = Int32(valueCount)
        h.encoding = encoding.rawValue
        chunk.dataPagesUncompressedSize += try emit(h, into: &chunk.dataPages)
        chunk.countDataPage(encoding: encoding, values: valueCount, hasLevels: levels.definition != nil)
    }

    /// A v2 data page: levels stay uncompressed ahead of the values (no length prefix, their
    /// size is in the header), and the values are stored raw when compressing does not shrink
    /// them (`is_compressed` = false), so readers skip the decompressor for such pages.
    private func emitDataPageV2(levels: PageLevels, values: UnsafeRawBufferPointer, valueCount: Int,
                                encoding: Encoding, to chunk: inout EncodedColumnChunk) throws {
        levelScratch.removeAll(keepingCapacity: true)
        let (repetitionLength, definitionLength) = LevelEncoder.appendV2(levels, to: &levelScratch)
        guard levelScratch.count + values.count <= Int(Int32.max) else {
            throw ParquetError.invalidBatch("a page exceeds 2 GiB; lower dataPageSize")
        }
        var payloadCount = values.count
        var isCompressed = false
        if let compressor {
            do {
                let count = try compressor.compress(values, into: &compressed)
                if count < values.count {
                    payloadCount = count
                    isCompressed = true
                }
            } catch {
                throw ParquetError.compression("\(error)")
            }
        }
        var h = PageHeader(type: PageType.dataPageV2.rawValue,
                           uncompressedPageSize: Int32(levelScratch.count + values.count),
                           compressedPageSize: Int32(levelScratch.count + payloadCount))
        h.numValues = Int32(valueCount)
        h.numNulls = Int32(levels.nullSlots)
        h.numRows = Int32(levels.rows(valueCount: valueCount))
        h.encoding = encoding.rawValue
        h.definitionLevelsByteLength = Int32(definitionLength)
        h.repetitionLevelsByteLength = Int32(repetitionLength)
        h.isCompressed = isCompressed
        header.reset()
        h.write(to: &header)
        chunk.dataPages.append(contentsOf: header.bytes)
        chunk.dataPages.append(contentsOf: levelScratch)
        if isCompressed {
            compressed.withUnsafeBytes { chunk.dataPages.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<payloadCount])) }
        } else {
            chunk.dataPages.append(contentsOf: values)
        }
        chunk.dataPagesUncompressedSize += header.bytes.count + levelScratch.count + values.count
        chunk.dataPageType = .dataPageV2
        chunk.countDataPage(encoding: encoding, values: valueCount, hasLevels: levels.definition != nil)
    }

    /// Sets the chunk's dictionary page from the PLAIN-encoded entries in `body`.
    func emitDictionaryPage(entryCount: Int, to chunk: inout EncodedColumnChunk) throws {
        var h = PageHeader(type: PageType.dictionaryPage.rawValue, uncompressedPageSize: 0, compressedPageSize: 0)
        h.numValues = Int32(entryCount)
        h.encoding = Encoding.plain.rawValue
        var page: [UInt8] = []
        let uncompressed = try emit(h, into: &page)
        chunk.dictionaryPage = page
        chunk.dictionaryPageUncompressedSize = uncompressed
        chunk.encodings.insert(Encoding.plain.rawValue)
    }

    /// Compresses `body` and appends header + payload to `out`; returns the page's size as
    /// if uncompressed (header + body), which column metadata reports.
    private func emit(_ pageHeader: PageHeader, into out: inout [UInt8]) throws -> Int {
        guard body.count <= Int(Int32.max) else { throw ParquetError.invalidBatch("a page exceeds 2 GiB; lower dataPageSize") }
        var h = pageHeader
        h.uncompressedPageSize = Int32(body.count)
        let payloadCount: Int
        if let compressor {
            do {
                payloadCount = try body.withUnsafeBytes { try compressor.compress($0, into: &compressed) }
            } catch {
                throw ParquetError.compression("\(error)")
            }
        } else {
            payloadCount = body.count
        }
        h.compressedPageSize = Int32(payloadCount)
        header.reset()
        h.write(to: &header)
        out.append(contentsOf: header.bytes)
        if compressor != nil {
            compressed.withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<payloadCount])) }
        } else {
            out.append(contentsOf: body)
        }
        return header.bytes.count + body.count
    }
}
