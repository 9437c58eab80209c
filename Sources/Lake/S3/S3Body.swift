import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A request body: nothing, bytes in memory, or a slice of a local file (streamed).
enum S3Body: Sendable {
    case empty
    case bytes([UInt8])
    case file(path: String, offset: Int64, length: Int64)

    var length: Int64 {
        switch self {
        case .empty: return 0
        case .bytes(let bytes): return Int64(bytes.count)
        case .file(_, _, let length): return length
        }
    }
}

/// Feeds a request body to libcurl's read callback; a fresh one per attempt.
final class BodyReader {
    private let body: S3Body
    private var position: Int64 = 0
    private var fd: Int32 = -1

    init(_ body: S3Body) throws {
        self.body = body
        if case .file(let path, _, _) = body {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw StorageError.localIO(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let remaining = body.length - position
        guard remaining > 0, let base = buffer.baseAddress else { return 0 }
        let count = Int(min(Int64(buffer.count), remaining))
        switch body {
        case .empty:
            return 0
        case .bytes(let bytes):
            bytes.withUnsafeBytes { raw in
                base.copyMemory(from: raw.baseAddress! + Int(position), byteCount: count)
            }
            position += Int64(count)
            return count
        case .file(let path, let offset, _):
            while true {
                let n = pread(fd, base, count, off_t(offset + position))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.localIO(path: path, reason: String(cString: strerror(errno)))
                }
                if n == 0 { throw StorageError.localIO(path: path, reason: "file shrank while uploading") }
                position += Int64(n)
                return n
            }
        }
    }
}
