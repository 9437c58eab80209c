import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `file:` source opened for one sequential read, checked to be a regular file, with the size
/// and modification time it had when opened. Hashing in place and copying both read through
/// it, so the two report the same metadata and the same errors for the same file.
final class LocalSourceFile {
    let path: String
    let displayURL: String
    /// Bytes when opened; the read itself goes to end of file, whatever that is by then.
    let size: Int64
    /// The modification time as an HTTP date, the form Last-Modified takes for remote sources.
    let lastModified: String
    private let fd: Int32
    static let chunkSize = 4 << 20

    init(path: String, displayURL: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FetchError.localFile(url: displayURL, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw FetchError.localFile(url: displayURL, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FetchError.localFile(url: displayURL, reason: "not a regular file")
        }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        self.fd = fd
        self.path = path
        self.displayURL = displayURL
        size = Int64(info.st_size)
        lastModified = Self.httpDate(seconds: Int(info.st_mtim.tv_sec))
    }

    deinit { close(fd) }

    /// The size of the file at `path` from its metadata alone: nothing of it is read.
    static func size(path: String, displayURL: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FetchError.localFile(url: displayURL, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FetchError.localFile(url: displayURL, reason: "not a regular file") }
        return Int64(info.st_size)
    }

    /// Reads the file once, in order, a few chunks ahead of `body` (on a helper thread), so
    /// reading overlaps with whatever `body` does with each chunk.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        do {
            try ReadAhead(fd: fd, path: path, chunkSize: Self.chunkSize).forEachChunk(body)
        } catch let error as LakeIOError {
            throw FetchError.localFile(url: displayURL, reason: error.description)
        }
    }

    /// RFC 7231 IMF-fixdate, the form HTTP uses for Last-Modified.
    static func httpDate(seconds: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
