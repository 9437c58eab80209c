@testable import MedallionCore

/// Bytes held in memory, handed out at most `chunk` at a time (small chunks cross every
/// refill boundary). Counts reads after the end, so a reader spinning at the end of its input
/// shows up as a failure instead of a hang.
final class MemoryByteStream: ByteStream {
    private let bytes: [UInt8]
    private let chunk: Int
    private var offset = 0
    private(set) var readsAtEnd = 0

    init(_ bytes: [UInt8], chunk: Int = .max) {
        self.bytes = bytes
        self.chunk = max(chunk, 1)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(chunk, buffer.count, bytes.count - offset)
        if n == 0 {
            readsAtEnd += 1
            // Far more than any reader needs to see the end; a spin would go on forever.
            if readsAtEnd > 1000 { throw MemoryByteStreamError.readPastEndTooOften }
            return 0
        }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress?.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}

enum MemoryByteStreamError: Error {
    case readPastEndTooOften
}
