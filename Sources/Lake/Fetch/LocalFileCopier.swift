import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies a local file into a `DownloadSink`, hashing in the same pass.
enum LocalFileCopier {
    static let chunkSize = 4 << 20

    static func copy(path: String, displayURL: String, into sink: DownloadSink) throws -> FetchResult {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FetchError.localFile(url: displayURL, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FetchError.localFile(url: displayURL, reason: String(cString: strerror(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FetchError.localFile(url: displayURL, reason: "not a regular file")
        }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        sink.total = Int64(info.st_size)
        do {
            try ReadAhead(fd: fd, path: path, chunkSize: chunkSize).forEachChunk { try sink.write($0) }
        } catch let error as LakeIOError {
            throw FetchError.localFile(url: displayURL, reason: error.description)
        }
        let digest = try sink.finish()
        return FetchResult(notModified: false, sha256: digest, bytes: sink.written, etag: nil,
                           lastModified: httpDate(seconds: Int(info.st_mtim.tv_sec)))
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
