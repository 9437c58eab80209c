/// A key/value pair from the footer.
public struct ParquetKeyValue: Sendable, Equatable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

/// The decoded footer (parquet.thrift `FileMetaData`).
public struct ParquetFileMetadata: Sendable, Equatable {
    public var version: Int32
    /// Depth-first schema tree; element 0 is the root.
    public var schema: [ParquetSchemaElement]
    public var numRows: Int64
    public var rowGroups: [ParquetRowGroupMetadata]
    public var keyValueMetadata: [ParquetKeyValue]
    public var createdBy: String?
    /// Number of TYPE_ORDER column orders present (0 when the writer wrote none).
    public var typeDefinedColumnOrders: Int

    func encoded() -> [UInt8] {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(1, i32: version)
        w.beginListField(2, elementType: .structure, count: schema.count)
        for element in schema { element.write(to: &w) }
        w.field(3, i64: numRows)
        w.beginListField(4, elementType: .structure, count: rowGroups.count)
        for group in rowGroups { group.write(to: &w) }
        if !keyValueMetadata.isEmpty {
            w.beginListField(5, elementType: .structure, count: keyValueMetadata.count)
            for kv in keyValueMetadata {
                w.beginStruct()
                w.field(1, string: kv.key)
                if let value = kv.value { w.field(2, string: value) }
                w.endStruct()
            }
        }
        if let createdBy { w.field(6, string: createdBy) }
        if typeDefinedColumnOrders > 0 {
            w.beginListField(7, elementType: .structure, count: typeDefinedColumnOrders)
            for _ in 0..<typeDefinedColumnOrders {
                w.beginStruct()
                w.beginStructField(1); w.endStruct()
                w.endStruct()
            }
        }
        w.endStruct()
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> ParquetFileMetadata {
        var r = ThriftCompactReader(bytes)
        try r.beginStruct()
        var version: Int32?
        var schema: [ParquetSchemaElement]?
        var numRows: Int64?
        var rowGroups: [ParquetRowGroupMetadata]?
        var kv: [ParquetKeyValue] = []
        var createdBy: String?
        var orders = 0
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .i32): version = try r.readI32()
            case (2, .list): schema = try r.readListStruct { try ParquetSchemaElement.read(from: &$0) }
            case (3, .i64): numRows = try r.readI64()
            case (4, .list): rowGroups = try r.readListStruct { try ParquetRowGroupMetadata.read(from: &$0) }
            case (5, .list): kv = try r.readListStruct { try readKeyValue(from: &$0) }
            case (6, .binary): createdBy = try r.readString()
            case (7, .list):
                let (elementType, count) = try r.readListHeader()
                for _ in 0..<count { try r.skip(elementType) }
                orders = count
            default: try r.skip(type)
            }
        }
        r.endStruct()
        guard let version, let schema, let numRows, let rowGroups else {
            throw ParquetError.thrift("file metadata lacks a required field")
        }
        return ParquetFileMetadata(version: version, schema: schema, numRows: numRows, rowGroups: rowGroups,
                                   keyValueMetadata: kv, createdBy: createdBy, typeDefinedColumnOrders: orders)
    }

    private static func readKeyValue(from r: inout ThriftCompactReader) throws -> ParquetKeyValue {
        try r.beginStruct()
        var key: String?
        var value: String?
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .binary): key = try r.readString()
            case (2, .binary): value = try r.readString()
            default: try r.skip(type)
            }
        }
        r.endStruct()
        guard let key else { throw ParquetError.thrift("key/value metadata without a key") }
        return ParquetKeyValue(key: key, value: value)
    }
}
