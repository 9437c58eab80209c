import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SHA-256 computed incrementally over chunks, so sources of any size hash in bounded memory.
public struct StreamingSHA256 {
    private var hasher = SHA256()
    public private(set) var byteCount: Int64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
        byteCount += Int64(bytes.count)
    }

    /// The lowercase hex digest, as `sha256sum` prints it.
    public func finalizeHex() -> String {
        hasher.finalize().hexString
    }

    /// Hashes a whole file in bounded memory, reading `chunkSize` pieces on a read-ahead
    /// thread. Deliberately not through a memory mapping: a file truncated while it is being
    /// hashed would then kill the process with SIGBUS instead of giving a short read.
    public static func hexDigest(ofFileAt path: String, chunkSize: Int = 4 << 20) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LakeIOError.open(path: path, errno: errno) }
        defer { close(fd) }
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        var hasher = StreamingSHA256()
        try ReadAhead(fd: fd, path: path, chunkSize: chunkSize).forEachChunk { hasher.update($0) }
        return hasher.finalizeHex()
    }
}
