/// One row group (parquet.thrift `RowGroup`).
public struct ParquetRowGroupMetadata: Sendable, Equatable {
    public var columns: [ParquetColumnChunkMetadata]
    /// Uncompressed size of all column data.
    public var totalByteSize: Int64
    public var numRows: Int64
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?

    func write(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.beginListField(1, elementType: .structure, count: columns.count)
        for column in columns { column.write(to: &w) }
        w.field(2, i64: totalByteSize)
        w.field(3, i64: numRows)
        if let fileOffset { w.field(5, i64: fileOffset) }
        if let totalCompressedSize { w.field(6, i64: totalCompressedSize) }
        if let ordinal { w.field(7, i16: ordinal) }
        w.endStruct()
    }

    /// Decodes a `RowGroup`; without `decodingColumns` its chunk entries are skipped and
    /// `columns` is left empty.
    static func read(from r: inout ThriftCompactReader, decodingColumns: Bool = true) throws -> ParquetRowGroupMetadata {
        try r.beginStruct()
        var columns: [ParquetColumnChunkMetadata]?
        var total: Int64?
        var rows: Int64?
        var group = ParquetRowGroupMetadata(columns: [], totalByteSize: 0, numRows: 0)
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .list) where !decodingColumns:
                try r.skip(.list)
                columns = []
            case (1, .list): columns = try r.readListStruct { try ParquetColumnChunkMetadata.read(from: &$0) }
            case (2, .i64): total = try r.readI64()
            case (3, .i64): rows = try r.readI64()
            case (5, .i64): group.fileOffset = try r.readI64()
            case (6, .i64): group.totalCompressedSize = try r.readI64()
            case (7, .i16): group.ordinal = try r.readI16()
            default: try r.skip(type)
            }
        }
        r.endStruct()
        guard let columns, let total, let rows else { throw ParquetError.thrift("row group lacks a required field") }
        group.columns = columns
        group.totalByteSize = total
        group.numRows = rows
        return group
    }
}
