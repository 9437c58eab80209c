import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX helpers for the local store: durable copies and directory syncs.
enum LocalFiles {
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Copies `source` to `target` (created/truncated) and fsyncs it.
    static func copyDurably(from source: String, to target: String) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            if errno == ENOENT { throw StorageError.notFound(uri: "file://" + source) }
            throw StorageError.localIO(path: source, reason: errorText())
        }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw StorageError.localIO(path: target, reason: errorText()) }
        var closed = false
        defer { if !closed { close(output) } }
        let size = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(input, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.localIO(path: source, reason: errorText())
            }
            if n == 0 { break }
            try writeAll(output, buffer, n, path: target)
        }
        guard fsync(output) == 0 else { throw StorageError.localIO(path: target, reason: errorText()) }
        closed = true
        guard close(output) == 0 else { throw StorageError.localIO(path: target, reason: errorText()) }
    }

    /// Gives `target` the contents of `source` durably without copying when both are on one
    /// filesystem: a hard link, then an fsync of the (shared) data. Elsewhere — another
    /// filesystem, or one without hard links — it copies. The caller must not write to
    /// `source` afterwards (deleting it is fine: that only drops its own name).
    static func linkOrCopyDurably(from source: String, to target: String) throws {
        guard link(source, target) == 0 else {
            switch errno {
            case EXDEV, EPERM, EMLINK, EOPNOTSUPP, ENOSYS:
                return try copyDurably(from: source, to: target)
            case ENOENT where access(source, F_OK) != 0:
                throw StorageError.notFound(uri: "file://" + source)
            default:
                throw StorageError.localIO(path: target, reason: "link from \(source) failed: \(errorText())")
            }
        }
        try syncFile(target)
    }

    /// Makes a file's data durable.
    static func syncFile(_ path: String) throws {
        try sync(path, flags: O_RDONLY | O_CLOEXEC)
    }

    static func writeDurably(_ bytes: [UInt8], to target: String) throws {
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw StorageError.localIO(path: target, reason: errorText()) }
        defer { close(output) }
        try bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { try writeAll(output, base, raw.count, path: target) }
        }
        guard fsync(output) == 0 else { throw StorageError.localIO(path: target, reason: errorText()) }
    }

    static func writeAll(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int, path: String) throws {
        var offset = 0
        while offset < count {
            let n = posixWrite(fd, pointer + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.localIO(path: path, reason: errorText())
            }
            offset += n
        }
    }

    /// Makes a directory's entries (new names, renames) durable.
    static func syncDirectory(_ path: String) throws {
        try sync(path, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    private static func sync(_ path: String, flags: Int32) throws {
        let fd = open(path, flags)
        guard fd >= 0 else { throw StorageError.localIO(path: path, reason: errorText()) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw StorageError.localIO(path: path, reason: errorText()) }
    }

    static func rename(_ from: String, _ to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            throw StorageError.localIO(path: to, reason: "rename from \(from) failed: \(errorText())")
        }
    }

    static func makeDirectories(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw StorageError.localIO(path: path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }
}
