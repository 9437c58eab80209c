import CZstd

/// One-shot ZSTD compression and decompression of whole buffers (Parquet pages).
///
/// A compression context is reused across calls because creating one per page costs
/// more than compressing a small page.
public final class ZstdCompressor {
    private let context: OpaquePointer
    public let level: Int32

    public init(level: Int32 = 3) {
        // ZSTD_createCCtx only fails when malloc does; treat like any allocation failure.
        guard let ctx = ZSTD_createCCtx() else { fatalError("ZSTD_createCCtx: out of memory") }
        self.context = ctx
        self.level = level
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Compresses `source` into a new array (one complete frame with its content size).
    public func compress(_ source: UnsafeRawBufferPointer) throws -> [UInt8] {
        let bound = ZSTD_compressBound(source.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compressCCtx(context, out.baseAddress, bound, source.baseAddress, source.count, level)
        }
        if ZSTD_isError(written) != 0 { throw ZstdError.compressionFailed(ZstdError.name(written)) }
        output.removeSubrange(written...)
        return output
    }

    /// Compresses `source` into `output`, which is grown when too small and otherwise
    /// reused as is (its bytes past the result are left over); returns the compressed size.
    /// Saves allocating and zeroing a fresh buffer for every page.
    public func compress(_ source: UnsafeRawBufferPointer, into output: inout [UInt8]) throws -> Int {
        let bound = ZSTD_compressBound(source.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        let capacity = output.count
        let written = output.withUnsafeMutableBytes { out in
            ZSTD_compressCCtx(context, out.baseAddress, capacity, source.baseAddress, source.count, level)
        }
        if ZSTD_isError(written) != 0 { throw ZstdError.compressionFailed(ZstdError.name(written)) }
        return written
    }

    public func compress(_ source: [UInt8]) throws -> [UInt8] {
        try source.withUnsafeBytes { try compress($0) }
    }
}

public final class ZstdDecompressor {
    private let context: OpaquePointer

    public init() {
        guard let ctx = ZSTD_createDCtx() else { fatalError("ZSTD_createDCtx: out of memory") }
        self.context = ctx
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses `source`, which must hold exactly `decompressedSize` bytes once expanded
    /// (Parquet page headers record that size, so a mismatch means corruption).
    public func decompress(_ source: UnsafeRawBufferPointer, decompressedSize: Int) throws -> [UInt8] {
        guard decompressedSize >= 0 else { throw ZstdError.sizeMismatch(expected: decompressedSize, actual: 0) }
        var output = [UInt8](repeating: 0, count: decompressedSize)
        let produced = output.withUnsafeMutableBytes { out in
            ZSTD_decompressDCtx(context, out.baseAddress, decompressedSize, source.baseAddress, source.count)
        }
        if ZSTD_isError(produced) != 0 { throw ZstdError.decompressionFailed(ZstdError.name(produced)) }
        if produced != decompressedSize { throw ZstdError.sizeMismatch(expected: decompressedSize, actual: produced) }
        return output
    }

    public func decompress(_ source: [UInt8], decompressedSize: Int) throws -> [UInt8] {
        try source.withUnsafeBytes { try decompress($0, decompressedSize: decompressedSize) }
    }
}
