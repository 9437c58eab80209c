/// Encodes the values of one column into pages for the current row group.
protocol ColumnChunkWriter: AnyObject {
    /// Appends `values[range]`; the batch was validated against the schema beforehand.
    func append(_ values: ColumnValues, range: Range<Int>) throws
    /// Bytes buffered for this row group, as they would be written uncompressed.
    var estimatedSize: Int { get }
    /// Flushes the last page and returns the finished chunk; the writer is then ready for
    /// the next row group.
    func finish() throws -> EncodedColumnChunk
    /// Sets the emitter (page buffers and compressor) the next calls use: that of the
    /// encoding thread which took the column.
    func use(_ emitter: PageEmitter)
}

/// Compares byte strings as unsigned bytes, shorter-prefix first (Parquet's order for STRING).
/// Inline word-at-a-time: most values are short, where a libc call costs more than the work.
@inline(__always)
func compareUnsignedBytes(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int {
    let common = min(aCount, bCount)
    var i = 0
    while i &+ 8 <= common {
        let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let y = b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        if x != y { return x.bigEndian < y.bigEndian ? -1 : 1 }
        i &+= 8
    }
    while i < common {
        let x = a.load(fromByteOffset: i, as: UInt8.self)
        let y = b.load(fromByteOffset: i, as: UInt8.self)
        if x != y { return x < y ? -1 : 1 }
        i &+= 1
    }
    return aCount &- bCount
}

/// Whether two byte strings of the same `count` are equal.
@inline(__always)
func bytesEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
    var i = 0
    while i &+ 8 <= count {
        if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i &+= 8
    }
    if i == count { return true }
    if count >= 8 {
        return a.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
    }
    if count >= 4 {
        return a.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == b.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
            && a.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
    }
    while i < count {
        if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
        i &+= 1
    }
    return true
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
