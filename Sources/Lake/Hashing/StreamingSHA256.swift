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
        hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Hashes a whole file by streaming it in `chunkSize` pieces, reading ahead on a second thread.
    public static func hexDigest(ofFileAt path: String, chunkSize: Int = 4 << 20) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LakeIOError.open(path: path, errno: errno) }
        defer { close(fd) }
        var hasher = StreamingSHA256()
        try ReadAhead(fd: fd, path: path, chunkSize: chunkSize).forEachChunk { hasher.update($0) }
        return hasher.finalizeHex()
    }
}
