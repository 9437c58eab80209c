#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Parquet

/// A file rewritten in place, thousands of times, for readers that take a path. It stays open
/// and is overwritten then cut to length: truncating to zero and closing (what `Data.write`
/// does) makes ext4 flush the old contents each time, which costs milliseconds per write.
final class ScratchFile {
    let path: String
    private let descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ParquetError.io(path: path, operation: "open", errno: errno) }
    }

    deinit { close(descriptor) }

    /// Makes the file hold exactly `bytes`.
    func write(_ bytes: [UInt8]) throws {
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == bytes.count, ftruncate(descriptor, off_t(bytes.count)) == 0 else {
            throw ParquetError.io(path: path, operation: "write", errno: errno)
        }
    }
}
