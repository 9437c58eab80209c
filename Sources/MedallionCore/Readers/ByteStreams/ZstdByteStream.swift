import Parquet

/// A `.zst` source (one or more frames) decompressed as the reader pulls.
final class ZstdByteStream: ByteStream {
    private let source: any ByteStream
    private let displayName: String
    private let decompressor = ZstdStreamDecompressor()
    private var input = [UInt8](repeating: 0, count: 128 * 1024)
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var ended = false

    init(_ source: any ByteStream, displayName: String) {
        self.source = source
        self.displayName = displayName
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while pendingOffset >= pending.count {
            if ended { return 0 }
            pending.removeAll(keepingCapacity: true)
            pendingOffset = 0
            let n = try input.withUnsafeMutableBytes { try source.read(into: $0) }
            do {
                if n == 0 {
                    ended = true
                    try decompressor.finish()
                } else {
                    try input.withUnsafeBytes { raw in
                        try decompressor.feed(UnsafeRawBufferPointer(rebasing: raw[0..<n])) { pending.append(contentsOf: $0) }
                    }
                }
            } catch {
                throw SourceError(.corruptCompression, file: displayName, "corrupt zstd data: \(error)")
            }
        }
        let count = min(buffer.count, pending.count - pendingOffset)
        let start = pendingOffset
        pending.withUnsafeBytes { src in
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: src[start..<(start + count)]))
        }
        pendingOffset += count
        return count
    }
}
