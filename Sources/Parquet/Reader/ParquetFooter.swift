/// A Parquet file's footer decoded from its bytes alone, for callers that fetch the tail of a
/// file through something other than a local path (an object store's ranged GET).
///
/// The last 8 bytes of a Parquet file are the footer's length (little-endian UInt32) and
/// `PAR1`; the footer itself lies just before them.
public struct ParquetFooter: Sendable {
    /// Every field, each row group's column chunks (and their statistics) included.
    public let metadata: ParquetFileMetadata
    /// The file's columns as Medallion types.
    public let schema: ParquetSchema

    /// The footer's length, from the file's last 8 bytes; throws when they are not a Parquet
    /// trailer or the length does not fit in a file of `fileSize` bytes.
    public static func length(trailer: [UInt8], fileSize: Int64) throws -> Int {
        guard trailer.count == 8, fileSize >= 12, Array(trailer[4..<8]) == Array("PAR1".utf8) else {
            throw ParquetError.badMagic
        }
        let length = Int64(UInt32(trailer[0]) | UInt32(trailer[1]) << 8 | UInt32(trailer[2]) << 16 | UInt32(trailer[3]) << 24)
        guard length > 0, length <= fileSize - 12 else {
            throw ParquetError.footerLengthOutOfRange(length: length, fileSize: fileSize)
        }
        return Int(length)
    }

    /// Decodes footer bytes (without the 8-byte trailer).
    public init(bytes: [UInt8]) throws {
        metadata = try ParquetFileMetadata.decode(bytes)
        schema = ParquetSchema(try ParquetFileReader.describeColumns(metadata).map(\.column))
    }
}
