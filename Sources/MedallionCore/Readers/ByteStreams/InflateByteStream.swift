import CZlib

/// gzip (all members of a multi-member file), zlib, or raw deflate (zip members), inflated as
/// the reader pulls.
final class InflateByteStream: ByteStream {
    enum Container { case gzip, rawDeflate }

    private let source: any ByteStream
    private let container: Container
    private let displayName: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputAvailable = 0
    private var sourceEnded = false
    private var finished = false
    private var initialized = false

    init(_ source: any ByteStream, container: Container, displayName: String) throws {
        self.source = source
        self.container = container
        self.displayName = displayName
        self.input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        // 15 + 32: zlib or gzip header auto-detected; -15: raw deflate as zip stores it.
        let bits: Int32 = container == .gzip ? 15 + 32 : -15
        let status = inflateInit2_(&stream, bits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            throw SourceError(.corruptCompression, file: displayName, "cannot initialise inflate (zlib status \(status))")
        }
        initialized = true
    }

    deinit {
        if initialized { inflateEnd(&stream) }
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while !finished {
            if stream.avail_in == 0 && !sourceEnded {
                inputAvailable = try source.read(into: input)
                if inputAvailable == 0 { sourceEnded = true }
                stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inputAvailable)
            }
            stream.next_out = out.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(buffer.count)
            let status = inflate(&stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END:
                if container == .gzip, try hasAnotherMember() {
                    inflateReset(&stream)
                } else {
                    finished = true
                }
            case Z_OK:
                break
            case Z_BUF_ERROR where sourceEnded && stream.avail_in == 0:
                throw SourceError(.corruptCompression, file: displayName, "compressed data ends unexpectedly (truncated file?)")
            case Z_BUF_ERROR:
                break
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw SourceError(.corruptCompression, file: displayName, "corrupt compressed data: \(message)")
            }
            if produced > 0 { return produced }
            if sourceEnded && stream.avail_in == 0 && !finished {
                throw SourceError(.corruptCompression, file: displayName, "compressed data ends unexpectedly (truncated file?)")
            }
        }
        return 0
    }

    /// gzip files may hold several members back to back (`cat a.gz b.gz`); all are data. Zero
    /// bytes after a member are padding (as gzip and Python's gzip module skip them).
    private func hasAnotherMember() throws -> Bool {
        while true {
            if stream.avail_in == 0 {
                if sourceEnded { return false }
                inputAvailable = try source.read(into: input)
                if inputAvailable == 0 { sourceEnded = true }
                stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inputAvailable)
                continue
            }
            guard let next = stream.next_in else { return false }
            if next.pointee != 0 { return true }
            stream.next_in = next + 1
            stream.avail_in -= 1
        }
    }
}
