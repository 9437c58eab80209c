#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file read by positioned reads, so the reader holds only what it asks for.
final class RandomAccessFile {
    private let descriptor: Int32
    let path: String
    let size: Int64

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ParquetError.io(path: path, operation: "open", errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            _ = systemClose(fd)
            throw ParquetError.io(path: path, operation: "stat", errno: code)
        }
        descriptor = fd
        self.path = path
        size = Int64(info.st_size)
    }

    deinit { _ = systemClose(descriptor) }

    /// Reads exactly `count` bytes at `offset`; a range outside the file is corruption.
    func read(offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetError.corrupt("byte range \(offset)+\(count) lies outside the \(size)-byte file")
        }
        var result = [UInt8](repeating: 0, count: count)
        var done = 0
        try result.withUnsafeMutableBytes { out in
            guard let base = out.baseAddress else { return }
            while done < count {
                let n = pread(descriptor, base.advanced(by: done), count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetError.io(path: path, operation: "read", errno: errno)
                }
                if n == 0 { throw ParquetError.corrupt("file \(path) ended while reading (truncated while open?)") }
                done += n
            }
        }
        return result
    }
}
