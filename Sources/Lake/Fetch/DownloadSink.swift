import CFileSync
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The destination file of one fetch plus the SHA-256 of exactly the bytes written to it.
///
/// Survives across attempts so a resumed download keeps hashing where it left off; a
/// restarted one truncates the file and starts a fresh hash. Used by one thread at a time
/// (attempts run one after another), hence `@unchecked Sendable`.
final class DownloadSink: @unchecked Sendable {
    let path: String
    private var fd: Int32
    private(set) var hasher = StreamingSHA256()
    private(set) var written: Int64 = 0
    var total: Int64? {
        get { pacer.total }
        set { pacer.total = newValue }
    }
    /// Where write-back was last started: the file is usually made durable right after.
    private var writebackStarted: Int64 = 0
    private var pacer: ProgressPacer

    init(destination: URL, progress: @escaping @Sendable (FetchProgress) -> Void) throws {
        path = destination.path
        pacer = ProgressPacer(progress)
        try? FileManager.default.createDirectory(at: destination.deletingLastPathComponent(),
                                                 withIntermediateDirectories: true)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FetchError.destination(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends bytes to the file and the hash. Large pieces (local copies hand over 4 MiB at
    /// a time) are written and hashed side by side: both only read `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let failure: Int32
        if bytes.count >= Self.overlapThreshold {
            let work = OverlappedWrite(fd: fd, bytes: bytes, hasher: hasher)
            DispatchQueue.concurrentPerform(iterations: 2) { work.run(part: $0) }
            hasher = work.hasher
            failure = work.failure
        } else {
            failure = Self.writeAll(fd, bytes)
            hasher.update(bytes)
        }
        if failure != 0 { throw FetchError.destination(path: path, reason: String(cString: strerror(failure))) }
        written += Int64(bytes.count)
        writebackStarted = medallion_pace_writeback(fd, writebackStarted, written)
        pacer.advance(to: written)
    }

    private static let overlapThreshold = 1 << 20

    /// Writes all of `bytes`; 0, or the errno that stopped it.
    fileprivate static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = posixWrite(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    /// Empties the file and the hash: the next bytes start the content anew.
    func restart() throws {
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else {
            throw FetchError.destination(path: path, reason: String(cString: strerror(errno)))
        }
        hasher = StreamingSHA256()
        written = 0
        writebackStarted = 0
        pacer.restart()
    }

    /// Closes the file; its bytes are exactly those hashed.
    func finish() throws -> String {
        pacer.report(written)
        if fd >= 0 {
            let rc = close(fd)
            fd = -1
            if rc != 0 { throw FetchError.destination(path: path, reason: String(cString: strerror(errno))) }
        }
        return hasher.finalizeHex()
    }

    /// Closes and deletes the partial file after a failure or a 304.
    func discard() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(path)
    }
}

/// The C `write(2)`, named apart from `DownloadSink.write`.
func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// One piece written (part 0) and hashed (part 1) at the same time. Unchecked: the two parts
/// touch disjoint state (`failure` / `hasher`), only read `bytes`, and the caller reads the
/// results after `concurrentPerform` has returned.
private final class OverlappedWrite: @unchecked Sendable {
    let fd: Int32
    let bytes: UnsafeRawBufferPointer
    var hasher: StreamingSHA256
    var failure: Int32 = 0

    init(fd: Int32, bytes: UnsafeRawBufferPointer, hasher: StreamingSHA256) {
        self.fd = fd
        self.bytes = bytes
        self.hasher = hasher
    }

    func run(part: Int) {
        if part == 0 {
            failure = DownloadSink.writeAll(fd, bytes)
        } else {
            hasher.update(bytes)
        }
    }
}
