import CFileSync
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered file sink; creates or truncates `path`.
public final class FileOutputSink: OutputSink {
    private var descriptor: Int32
    private var buffer: [UInt8]
    private var used = 0
    private let path: String
    private var written: Int64 = 0
    private var writebackStarted: Int64 = 0
    private static let bufferSize = 1 << 20

    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ParquetError.io(path: path, operation: "open for writing", errno: errno) }
        descriptor = fd
        self.path = path
        buffer = [UInt8](repeating: 0, count: Self.bufferSize)
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0 else { throw ParquetError.io(path: path, operation: "write after close", errno: EBADF) }
        if used + bytes.count > buffer.count { try flush() }
        // Large pieces go straight to the kernel: copying them through the buffer gains nothing.
        if bytes.count >= buffer.count {
            try writeAll(bytes)
            return
        }
        guard let source = bytes.baseAddress else { return }
        let offset = used
        buffer.withUnsafeMutableBytes { dst in
            dst.baseAddress?.advanced(by: offset).copyMemory(from: source, byteCount: bytes.count)
        }
        used += bytes.count
    }

    public func close() throws {
        guard descriptor >= 0 else { return }
        try flush()
        let fd = descriptor
        descriptor = -1
        if systemClose(fd) != 0 { throw ParquetError.io(path: path, operation: "close", errno: errno) }
    }

    private func flush() throws {
        guard used > 0 else { return }
        let count = used
        used = 0
        try buffer.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = systemWrite(descriptor, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw ParquetError.io(path: path, operation: "write", errno: errno)
            }
            pointer = pointer.advanced(by: n)
            remaining -= n
            written += Int64(n)
        }
        writebackStarted = medallion_pace_writeback(descriptor, writebackStarted, written)
    }
}
