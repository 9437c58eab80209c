import Foundation

/// A forward-only source of bytes: a file, or a decompressor wrapped around another stream.
/// Readers pull fixed-size chunks so memory stays bounded whatever the source size.
protocol ByteStream: AnyObject {
    /// Fills `buffer` from the start; returns the number of bytes written, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Plain file bytes, read with `read(2)` into the caller's buffer.
final class FileByteStream: ByteStream {
    private let handle: FileHandle
    private let fd: Int32
    let path: String
    let displayName: String

    init(path: String, displayName: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SourceError(.unreadable, file: displayName, "cannot open \(path) for reading")
        }
        self.handle = handle
        self.fd = handle.fileDescriptor
        self.path = path
        self.displayName = displayName
    }

    deinit { try? handle.close() }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Foundation.read(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw SourceError(.unreadable, file: displayName, "read failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Positions the next read at `offset` (zip members start in the middle of the file).
    func seek(to offset: UInt64) throws {
        guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
            throw SourceError(.unreadable, file: displayName, "seek to \(offset) failed")
        }
    }

    /// Reads exactly `count` bytes at `offset` (zip directory structures).
    func pread(count: Int, at offset: UInt64) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { Foundation.pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard got == count else {
            throw SourceError(.unsupportedArchive, file: displayName, "truncated archive (wanted \(count) bytes at offset \(offset))")
        }
        return bytes
    }

    var size: UInt64 {
        var info = stat()
        return fstat(fd, &info) == 0 ? UInt64(info.st_size) : 0
    }
}

/// Hands out at most `limit` bytes of an underlying stream (a zip member's compressed data).
final class LimitedByteStream: ByteStream {
    private let base: any ByteStream
    private var remaining: UInt64

    init(_ base: any ByteStream, limit: UInt64) {
        self.base = base
        self.remaining = limit
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0 else { return 0 }
        let want = Int(min(UInt64(buffer.count), remaining))
        let n = try base.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        remaining -= UInt64(n)
        return n
    }
}
