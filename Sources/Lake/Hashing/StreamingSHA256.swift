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

    /// Hashes a whole file in bounded memory.
    ///
    /// Regular files are hashed through read-only memory mappings of `16 × chunkSize` windows:
    /// no copy into user space, so the hash runs at the digest's own speed. Anything else
    /// (pipes, empty files, mapping failures) is read in `chunkSize` pieces on a read-ahead thread.
    public static func hexDigest(ofFileAt path: String, chunkSize: Int = 4 << 20) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LakeIOError.open(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0,
           let digest = mappedDigest(fd: fd, size: Int(info.st_size), window: chunkSize * 16) {
            return digest
        }
        var hasher = StreamingSHA256()
        try ReadAhead(fd: fd, path: path, chunkSize: chunkSize).forEachChunk { hasher.update($0) }
        return hasher.finalizeHex()
    }

    /// nil when a window cannot be mapped (the caller then falls back to reading).
    private static func mappedDigest(fd: Int32, size: Int, window requested: Int) -> String? {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let window = max(page, (requested + page - 1) / page * page)
        #if os(Linux)
        let flags = MAP_PRIVATE | MAP_POPULATE  // fault the window in with one call
        #else
        let flags = MAP_PRIVATE
        #endif
        var hasher = StreamingSHA256()
        var offset = 0
        while offset < size {
            let length = min(window, size - offset)
            guard let base = mmap(nil, length, PROT_READ, flags, fd, off_t(offset)),
                  base != MAP_FAILED else { return nil }
            _ = madvise(base, length, MADV_SEQUENTIAL)
            hasher.update(UnsafeRawBufferPointer(start: base, count: length))
            munmap(base, length)
            offset += length
        }
        return hasher.finalizeHex()
    }
}
