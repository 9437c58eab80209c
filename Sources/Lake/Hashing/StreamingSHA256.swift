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

    /// Hashes a whole file by streaming it in `chunkSize` pieces.
    public static func hexDigest(ofFileAt path: String, chunkSize: Int = 1 << 20) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw LakeIOError.open(path: path, errno: errno) }
        defer { close(fd) }
        var hasher = StreamingSHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw LakeIOError.read(path: path, errno: errno)
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return hasher.finalizeHex()
    }
}
