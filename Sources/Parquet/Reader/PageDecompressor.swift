import CZstd

/// Expands page payloads, refusing sizes the page header and the frame disagree on before
/// allocating anything (corrupt sizes must not turn into huge allocations).
final class PageDecompressor {
    private let zstd = ZstdDecompressor()
    /// No page may claim to expand beyond this (Parquet pages are typically ~1 MiB).
    static let maxPageSize = 512 << 20

    func decompress(_ source: UnsafeRawBufferPointer, codec: Int32, uncompressedSize: Int) throws -> [UInt8] {
        guard uncompressedSize >= 0, uncompressedSize <= Self.maxPageSize else {
            throw ParquetError.corrupt("page claims \(uncompressedSize) uncompressed bytes")
        }
        switch CompressionCodec(rawValue: codec) {
        case .uncompressed:
            guard source.count == uncompressedSize else {
                throw ParquetError.corrupt("uncompressed page holds \(source.count) bytes but its header says \(uncompressedSize)")
            }
            return Array(source)
        case .zstd:
            if uncompressedSize == 0 && source.isEmpty { return [] }
            let declared = ZSTD_getFrameContentSize(source.baseAddress, source.count)
            // ZSTD_CONTENTSIZE_UNKNOWN / _ERROR are the two largest values.
            if declared < UInt64.max - 1 && declared != UInt64(uncompressedSize) {
                throw ParquetError.corrupt("ZSTD frame holds \(declared) bytes but the page header says \(uncompressedSize)")
            }
            do {
                return try zstd.decompress(source, decompressedSize: uncompressedSize)
            } catch {
                throw ParquetError.corrupt("page does not decompress: \(error)")
            }
        case .some(let other):
            throw ParquetError.unsupported("compression codec \(CompressionCodec.name(other.rawValue)); this reader handles ZSTD and UNCOMPRESSED")
        case nil:
            throw ParquetError.unsupported("unknown compression codec \(codec)")
        }
    }
}
