/// Compresses page bodies and frames them with Thrift page headers.
final class PageEmitter {
    private let compressor: ZstdCompressor?
    private var header = ThriftCompactWriter()
    /// Reused page body (levels + values) so pages do not allocate.
    var body: [UInt8] = []
    private var levelScratch: [UInt8] = []
    /// Reused compression output.
    private var compressed: [UInt8] = []

    init(compression: ParquetCompression) {
        switch compression {
        case .uncompressed: compressor = nil
        case .zstd(let level): compressor = ZstdCompressor(level: Int32(clamping: level))
        }
    }

    var codec: CompressionCodec { compressor == nil ? .uncompressed : .zstd }

    /// Appends a v1 data page built from `levels` (nil for REQUIRED columns) and `values`.
    func emitDataPage(levels: UnsafeBufferPointer<UInt32>?, values: UnsafeRawBufferPointer, valueCount: Int,
                      encoding: Encoding, to chunk: inout EncodedColumnChunk) throws {
        body.removeAll(keepingCapacity: true)
        if let levels {
            levelScratch.removeAll(keepingCapacity: true)
            RLEHybridEncoder.encode(levels, bitWidth: 1, into: &levelScratch)
            withUnsafeBytes(of: UInt32(levelScratch.count).littleEndian) { body.append(contentsOf: $0) }
            body.append(contentsOf: levelScratch)
        }
        body.append(contentsOf: values)
        var h = PageHeader(type: PageType.dataPage.rawValue, uncompressedPageSize: 0, compressedPageSize: 0)
        h.numValues = Int32(valueCount)
        h.encoding = encoding.rawValue
        chunk.dataPagesUncompressedSize += try emit(h, into: &chunk.dataPages)
        chunk.numValues += valueCount
        chunk.encodings.insert(encoding.rawValue)
        chunk.dataPagesByEncoding[encoding.rawValue, default: 0] += 1
        if levels != nil { chunk.encodings.insert(Encoding.rle.rawValue) }
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
