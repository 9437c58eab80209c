/// Encodes the values of one column into pages for the current row group.
protocol ColumnChunkWriter: AnyObject {
    /// Appends `values[range]`; the batch was validated against the schema beforehand.
    func append(_ values: ColumnValues, range: Range<Int>) throws
    /// Bytes buffered for this row group, as they would be written uncompressed.
    var estimatedSize: Int { get }
    /// Flushes the last page and returns the finished chunk; the writer is then ready for
    /// the next row group.
    func finish() throws -> EncodedColumnChunk
}

/// Compares byte strings as unsigned bytes, shorter-prefix first (Parquet's order for STRING).
@inline(__always)
func compareUnsignedBytes(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int {
    let common = min(aCount, bCount)
    if common > 0 {
        let c = memcmp(a, b, common)
        if c != 0 { return Int(c) }
    }
    return aCount - bCount
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
