import CZstd

/// Streaming ZSTD decompression: feed compressed chunks of any size, receive decompressed
/// chunks. Handles files made of several concatenated frames (as `zstd` writes when
/// appending) with bounded memory.
public final class ZstdStreamDecompressor {
    private let stream: OpaquePointer
    private var output: [UInt8]
    /// True when the last call ended exactly on a frame boundary.
    private var atFrameBoundary = true

    public init(outputChunkSize: Int = Int(ZSTD_DStreamOutSize())) {
        guard let s = ZSTD_createDStream() else { fatalError("ZSTD_createDStream: out of memory") }
        stream = s
        ZSTD_initDStream(stream)
        output = [UInt8](repeating: 0, count: max(outputChunkSize, 4096))
    }

    deinit { ZSTD_freeDStream(stream) }

    /// Decompresses one chunk of input, calling `sink` for every decompressed piece.
    public func feed(_ chunk: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard chunk.count > 0 else { return }
        var input = ZSTD_inBuffer(src: chunk.baseAddress, size: chunk.count, pos: 0)
        let capacity = output.count
        while input.pos < input.size {
            try output.withUnsafeMutableBytes { out in
                var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: capacity, pos: 0)
                let hint = ZSTD_decompressStream(stream, &outBuffer, &input)
                if ZSTD_isError(hint) != 0 { throw ZstdError.decompressionFailed(ZstdError.name(hint)) }
                atFrameBoundary = (hint == 0)
                if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(rebasing: out[0..<outBuffer.pos])) }
            }
        }
        // Flush whatever the decoder still holds for the input it has consumed.
        try drain(sink: sink)
    }

    public func feed(_ chunk: [UInt8], sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try chunk.withUnsafeBytes { try feed($0, sink: sink) }
    }

    private func drain(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let capacity = output.count
        var more = true
        while more {
            try output.withUnsafeMutableBytes { out in
                var input = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
                var outBuffer = ZSTD_outBuffer(dst: out.baseAddress, size: capacity, pos: 0)
                let hint = ZSTD_decompressStream(stream, &outBuffer, &input)
                if ZSTD_isError(hint) != 0 { throw ZstdError.decompressionFailed(ZstdError.name(hint)) }
                if outBuffer.pos > 0 {
                    atFrameBoundary = (hint == 0)
                    try sink(UnsafeRawBufferPointer(rebasing: out[0..<outBuffer.pos]))
                }
                more = outBuffer.pos == capacity
            }
        }
    }

    /// Call after the last chunk: fails if the input stopped in the middle of a frame.
    public func finish() throws {
        if !atFrameBoundary { throw ZstdError.truncatedFrame }
    }
}
