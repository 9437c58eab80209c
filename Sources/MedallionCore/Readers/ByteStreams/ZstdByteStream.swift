import CZstd

/// A `.zst` source (one or more frames, skippable frames ignored) decompressed straight into the
/// reader's buffer as it pulls: memory stays at one input chunk however well the data
/// compresses (a small, highly compressible file must not be inflated into memory whole).
final class ZstdByteStream: ByteStream {
    private let source: any ByteStream
    private let displayName: String
    private let stream: OpaquePointer
    private let input: UnsafeMutableRawBufferPointer
    private var inputPosition = 0
    private var inputCount = 0
    private var sourceEnded = false
    /// True when the last call ended on a frame boundary with nothing left to flush.
    private var atFrameBoundary = true

    init(_ source: any ByteStream, displayName: String) throws {
        guard let stream = ZSTD_createDStream() else {
            throw SourceError(.corruptCompression, file: displayName, "cannot create a zstd decompressor (out of memory)")
        }
        ZSTD_initDStream(stream)
        self.source = source
        self.displayName = displayName
        self.stream = stream
        self.input = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(ZSTD_DStreamInSize()), alignment: 16)
    }

    deinit {
        ZSTD_freeDStream(stream)
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0, let inputBase = input.baseAddress else { return 0 }
        while true {
            if inputPosition == inputCount && !sourceEnded {
                inputCount = try source.read(into: input)
                inputPosition = 0
                if inputCount == 0 { sourceEnded = true }
            }
            // With no input left this still flushes what the decoder holds.
            var inBuffer = ZSTD_inBuffer(src: inputBase, size: inputCount, pos: inputPosition)
            var outBuffer = ZSTD_outBuffer(dst: out, size: buffer.count, pos: 0)
            let hint = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
            if ZSTD_isError(hint) != 0 {
                throw SourceError(.corruptCompression, file: displayName,
                                  "corrupt zstd data: \(String(cString: ZSTD_getErrorName(hint)))")
            }
            // A call that moved nothing says nothing about frames (at a boundary, it asks for the
            // next frame's header).
            if inBuffer.pos > inputPosition || outBuffer.pos > 0 { atFrameBoundary = hint == 0 }
            inputPosition = inBuffer.pos
            if outBuffer.pos > 0 { return outBuffer.pos }
            if sourceEnded && inputPosition == inputCount {
                guard atFrameBoundary else {
                    throw SourceError(.corruptCompression, file: displayName, "corrupt zstd data: the file ends inside a frame (truncated?)")
                }
                return 0
            }
        }
    }
}
