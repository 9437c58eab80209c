/// How many pages of one kind use one encoding (parquet.thrift `PageEncodingStats`); lets
/// readers such as parquet-mr see that every data page is dictionary-encoded.
public struct ParquetPageEncodingStats: Sendable, Equatable {
    /// Raw `PageType` (0 data page, 2 dictionary page, 3 data page v2).
    public var pageType: Int32
    /// Raw `Encoding`.
    public var encoding: Int32
    public var count: Int32
}

/// One column chunk of a row group (parquet.thrift `ColumnChunk` + `ColumnMetaData`).
public struct ParquetColumnChunkMetadata: Sendable, Equatable {
    public var filePath: String?
    public var fileOffset: Int64
    public var physicalType: PhysicalType
    /// Raw `Encoding` values used anywhere in the chunk.
    public var encodings: [Int32]
    public var pathInSchema: [String]
    /// Raw `CompressionCodec` value.
    public var codec: Int32
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var dataPageOffset: Int64
    public var dictionaryPageOffset: Int64?
    public var statistics: ParquetStatistics?
    public var encodingStats: [ParquetPageEncodingStats] = []

    public var encodingNames: [String] { encodings.map(Encoding.name) }
    public var codecName: String { CompressionCodec.name(codec) }

    /// Where the chunk's first page starts (the dictionary page when there is one).
    public var startOffset: Int64 {
        if let dictionaryPageOffset, dictionaryPageOffset > 0, dictionaryPageOffset < dataPageOffset {
            return dictionaryPageOffset
        }
        return dataPageOffset
    }

    func write(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        if let filePath { w.field(1, string: filePath) }
        w.field(2, i64: fileOffset)
        w.beginStructField(3)
        w.field(1, i32: physicalType.rawValue)
        w.writeListI32(2, encodings)
        w.writeListString(3, pathInSchema)
        w.field(4, i32: codec)
        w.field(5, i64: numValues)
        w.field(6, i64: totalUncompressedSize)
        w.field(7, i64: totalCompressedSize)
        w.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { w.field(11, i64: dictionaryPageOffset) }
        if let statistics { statistics.write(12, to: &w) }
        if !encodingStats.isEmpty {
            w.beginListField(13, elementType: .structure, count: encodingStats.count)
            for stat in encodingStats {
                w.beginStruct()
                w.field(1, i32: stat.pageType)
                w.field(2, i32: stat.encoding)
                w.field(3, i32: stat.count)
                w.endStruct()
            }
        }
        w.endStruct()
        w.endStruct()
    }

    static func read(from r: inout ThriftCompactReader) throws -> ParquetColumnChunkMetadata {
        try r.beginStruct()
        var filePath: String?
        var fileOffset: Int64 = 0
        var meta: ParquetColumnChunkMetadata?
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .binary): filePath = try r.readString()
            case (2, .i64): fileOffset = try r.readI64()
            case (3, .structure): meta = try readColumnMetaData(from: &r)
            default: try r.skip(type)
            }
        }
        r.endStruct()
        guard var result = meta else {
            throw ParquetError.unsupported("column chunk without inline metadata (metadata in a separate file)")
        }
        result.filePath = filePath
        result.fileOffset = fileOffset
        return result
    }

    private static func readColumnMetaData(from r: inout ThriftCompactReader) throws -> ParquetColumnChunkMetadata {
        try r.beginStruct()
        var type: PhysicalType?
        var encodings: [Int32] = []
        var path: [String] = []
        var codec: Int32?
        var numValues: Int64?
        var uncompressed: Int64?
        var compressed: Int64?
        var dataPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: ParquetStatistics?
        var encodingStats: [ParquetPageEncodingStats] = []
        while let (id, fieldType) = try r.readFieldHeader() {
            switch (id, fieldType) {
            case (1, .i32):
                let raw = try r.readI32()
                guard let t = PhysicalType(rawValue: raw) else { throw ParquetError.thrift("unknown physical type \(raw)") }
                type = t
            case (2, .list): encodings = try r.readListI32()
            case (3, .list): path = try r.readListString()
            case (4, .i32): codec = try r.readI32()
            case (5, .i64): numValues = try r.readI64()
            case (6, .i64): uncompressed = try r.readI64()
            case (7, .i64): compressed = try r.readI64()
            case (9, .i64): dataPageOffset = try r.readI64()
            case (11, .i64): dictionaryPageOffset = try r.readI64()
            case (12, .structure): statistics = try ParquetStatistics.read(from: &r)
            case (13, .list): encodingStats = try r.readListStruct { try readPageEncodingStats(from: &$0) }
            default: try r.skip(fieldType)
            }
        }
        r.endStruct()
        guard let type, let codec, let numValues, let uncompressed, let compressed, let dataPageOffset else {
            throw ParquetError.thrift("column metadata lacks a required field")
        }
        return ParquetColumnChunkMetadata(
            filePath: nil, fileOffset: 0, physicalType: type, encodings: encodings, pathInSchema: path, codec: codec,
            numValues: numValues, totalUncompressedSize: uncompressed, totalCompressedSize: compressed,
            dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: statistics,
            encodingStats: encodingStats)
    }

    private static func readPageEncodingStats(from r: inout ThriftCompactReader) throws -> ParquetPageEncodingStats {
        try r.beginStruct()
        var stat = ParquetPageEncodingStats(pageType: -1, encoding: -1, count: 0)
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .i32): stat.pageType = try r.readI32()
            case (2, .i32): stat.encoding = try r.readI32()
            case (3, .i32): stat.count = try r.readI32()
            default: try r.skip(type)
            }
        }
        r.endStruct()
        return stat
    }
}
