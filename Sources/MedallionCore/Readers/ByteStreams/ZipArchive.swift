import Foundation

/// Just enough of the ZIP format (PKWARE APPNOTE) to stream one member: the central directory
/// (with ZIP64 sizes and offsets) names the members, the local header locates the data.
struct ZipArchive {
    struct Member {
        var name: String
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
        var isDirectory: Bool { name.hasSuffix("/") }
        /// macOS Finder's resource-fork companions (`__MACOSX/…`, `._name`): never data.
        var isAppleDouble: Bool {
            name.hasPrefix("__MACOSX/") || name.split(separator: "/").last?.hasPrefix("._") == true
        }
    }

    let file: FileByteStream
    let members: [Member]

    init(file: FileByteStream) throws {
        self.file = file
        self.members = try Self.readCentralDirectory(file)
    }

    /// The member matching `pattern` (a shell glob), or the only file member when no pattern is
    /// given. Directories and macOS resource-fork entries are not candidates.
    func member(matching pattern: String?) throws -> Member {
        let files = members.filter { !$0.isDirectory && !$0.isAppleDouble }
        let candidates: [Member]
        if let pattern {
            candidates = files.filter { fnmatch(pattern, $0.name, 0) == 0 }
        } else {
            candidates = files
        }
        let listing = files.prefix(20).map(\.name).joined(separator: ", ")
        guard let first = candidates.first else {
            let what = pattern.map { "no member matches archive_member '\($0)'" } ?? "the archive is empty"
            throw SourceError(.memberNotFound, file: file.displayName, "\(what); members: \(listing)")
        }
        guard candidates.count == 1 else {
            let hint = pattern == nil ? "set source.archive_member to choose one" : "make archive_member more specific"
            throw SourceError(.memberNotFound, file: file.displayName,
                              "\(candidates.count) members match (\(candidates.prefix(10).map(\.name).joined(separator: ", "))); \(hint)")
        }
        return first
    }

    /// The member's uncompressed bytes as a stream.
    func open(_ member: Member) throws -> any ByteStream {
        let header = try file.pread(count: 30, at: member.localHeaderOffset)
        guard Self.u32(header, 0) == 0x0403_4b50 else {
            throw SourceError(.unsupportedArchive, file: file.displayName, "bad local header for member '\(member.name)'")
        }
        let dataOffset = member.localHeaderOffset + 30 + UInt64(Self.u16(header, 26)) + UInt64(Self.u16(header, 28))
        try file.seek(to: dataOffset)
        let data = LimitedByteStream(file, limit: member.compressedSize)
        switch member.method {
        case 0: return data
        case 8: return try InflateByteStream(data, container: .rawDeflate, displayName: "\(file.displayName) [\(member.name)]")
        default:
            throw SourceError(.unsupportedArchive, file: file.displayName,
                              "member '\(member.name)' uses compression method \(member.method); only stored and deflate are supported")
        }
    }

    private static func readCentralDirectory(_ file: FileByteStream) throws -> [Member] {
        let size = file.size
        // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
        let tailLength = Int(min(size, 22 + 65_535))
        guard tailLength >= 22 else { throw SourceError(.unsupportedArchive, file: file.displayName, "not a zip archive (too short)") }
        let tailStart = size - UInt64(tailLength)
        let tail = try file.pread(count: tailLength, at: tailStart)
        var eocd = -1
        var index = tailLength - 22
        while index >= 0 {
            if u32(tail, index) == 0x0605_4b50 { eocd = index; break }
            index -= 1
        }
        guard eocd >= 0 else { throw SourceError(.unsupportedArchive, file: file.displayName, "not a zip archive (no end of central directory)") }
        var entryCount = UInt64(u16(tail, eocd + 10))
        var directorySize = UInt64(u32(tail, eocd + 12))
        var directoryOffset = UInt64(u32(tail, eocd + 16))
        // ZIP64: a locator just before the EOCD points at the 64-bit record.
        if eocd >= 20, u32(tail, eocd - 20) == 0x0706_4b50 {
            let recordOffset = u64(tail, eocd - 20 + 8)
            let record = try file.pread(count: 56, at: recordOffset)
            guard u32(record, 0) == 0x0606_4b50 else {
                throw SourceError(.unsupportedArchive, file: file.displayName, "bad ZIP64 end of central directory")
            }
            entryCount = u64(record, 32)
            directorySize = u64(record, 40)
            directoryOffset = u64(record, 48)
        }
        guard directoryOffset + directorySize <= size, directorySize < 1 << 31 else {
            throw SourceError(.unsupportedArchive, file: file.displayName, "central directory out of range (corrupt archive)")
        }
        let directory = try file.pread(count: Int(directorySize), at: directoryOffset)
        var members: [Member] = []
        var at = 0
        for _ in 0..<entryCount {
            guard at + 46 <= directory.count, u32(directory, at) == 0x0201_4b50 else {
                throw SourceError(.unsupportedArchive, file: file.displayName, "corrupt central directory entry")
            }
            let nameLength = Int(u16(directory, at + 28))
            let extraLength = Int(u16(directory, at + 30))
            let commentLength = Int(u16(directory, at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw SourceError(.unsupportedArchive, file: file.displayName, "corrupt central directory entry")
            }
            let name = String(decoding: directory[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            var member = Member(name: name, method: u16(directory, at + 10),
                                compressedSize: UInt64(u32(directory, at + 20)),
                                uncompressedSize: UInt64(u32(directory, at + 24)),
                                localHeaderOffset: UInt64(u32(directory, at + 42)))
            // ZIP64 extra field: 64-bit values for whichever 32-bit fields are saturated, in order.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = u16(directory, extra)
                let length = Int(u16(directory, extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    if member.uncompressedSize == 0xFFFF_FFFF, field + 8 <= extraEnd { member.uncompressedSize = u64(directory, field); field += 8 }
                    if member.compressedSize == 0xFFFF_FFFF, field + 8 <= extraEnd { member.compressedSize = u64(directory, field); field += 8 }
                    if member.localHeaderOffset == 0xFFFF_FFFF, field + 8 <= extraEnd { member.localHeaderOffset = u64(directory, field) }
                }
                extra += 4 + length
            }
            members.append(member)
            at += 46 + nameLength + extraLength + commentLength
        }
        return members
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16 }
    static func u64(_ b: [UInt8], _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }
}
