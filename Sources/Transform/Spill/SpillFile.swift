import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An append-only scratch file of fixed-size records, read back whole and removed.
final class SpillFile {
    let path: String
    private var descriptor: Int32
    private(set) var bytes = 0

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TransformError.spill("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    func append(_ data: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < data.count, let base = data.baseAddress {
            let written = write(descriptor, base + offset, data.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw TransformError.spill("writing \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        bytes += data.count
    }

    func readAll<T>(as type: T.Type) throws -> [T] {
        try read(as: type, from: 0, count: bytes / MemoryLayout<T>.stride)
    }

    /// Up to `count` records starting at record `first` (fewer at the end of the file).
    func read<T>(as type: T.Type, from first: Int, count wanted: Int) throws -> [T] {
        let stride = MemoryLayout<T>.stride
        let count = max(0, min(wanted, bytes / stride - first))
        let start = first * stride
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var offset = 0
            while offset < count * stride, let base = raw.baseAddress {
                let read = pread(descriptor, base + offset, count * stride - offset, off_t(start + offset))
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else {
                    throw TransformError.spill("reading \(path): \(read < 0 ? String(cString: strerror(errno)) : "file ended early")")
                }
                offset += read
            }
            initialized = count
        }
    }

    func remove() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
            unlink(path)
        }
    }

    deinit { remove() }
}
