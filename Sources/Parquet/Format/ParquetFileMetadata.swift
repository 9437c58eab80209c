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
        var groups = ThriftCompactWriter()
        for group in rowGroups { group.write(to: &groups) }
        let (head, tail) = encodedAround(rowGroupCount: rowGroups.count)
        return head + groups.bytes + tail
    }

    /// The footer's bytes before and after its row group entries, with `rowGroups` ignored in
    /// favour of `rowGroupCount` entries encoded elsewhere: a writer encodes each group as it
    /// closes it and writes them between the two, so a wide file's tens of thousands of chunk
    /// entries cost their encoded bytes once (about 65 each), not decoded structs (about 400)
    /// or a second copy of the whole footer.
    func encodedAround(rowGroupCount: Int) -> (head: [UInt8], tail: [UInt8]) {
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.field(1, i32: version)
        w.beginListField(2, elementType: .structure, count: schema.count)
        for element in schema { element.write(to: &w) }
        w.field(3, i64: numRows)
        w.beginListField(4, elementType: .structure, count: rowGroupCount)
        // The entries go here; the fields after them number on from field 4 as if written.
        let split = w.bytes.count
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
        return (Array(w.bytes[..<split]), Array(w.bytes[split...]))
    }


    static func decode(_ bytes: [UInt8]) throws -> ParquetFileMetadata {
        try decode(bytes, deferringRowGroups: false).metadata
    }

    /// Decodes the footer; with `deferringRowGroups`, row groups are only located (entry
    /// bounds and row count) and `metadata.rowGroups` stays empty: a reader then decodes one
    /// group's chunk entries when it reads that group, so a wide file's footer (20,000 columns
    /// × 10 groups: 200,000 entries) is not held decoded all at once.
    static func decode(_ bytes: [UInt8], deferringRowGroups: Bool) throws
        -> (metadata: ParquetFileMetadata, deferred: [DeferredRowGroup]) {
        var r = ThriftCompactReader(bytes)
        try r.beginStruct()
        var version: Int32?
        var schema: [ParquetSchemaElement]?
        var numRows: Int64?
        var rowGroups: [ParquetRowGroupMetadata]?
        var deferred: [DeferredRowGroup] = []
        var kv: [ParquetKeyValue] = []
        var createdBy: String?
        var orders = 0
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .i32): version = try r.readI32()
            case (2, .list): schema = try r.readListStruct { try ParquetSchemaElement.read(from: &$0) }
            case (3, .i64): numRows = try r.readI64()
            case (4, .list) where deferringRowGroups:
                let (elementType, count) = try r.readListHeader()
                guard elementType == .structure || count == 0 else { throw ParquetError.thrift("row groups are not structs") }
                for _ in 0..<count {
                    let start = r.position
                    let group = try ParquetRowGroupMetadata.read(from: &r, decodingColumns: false)
                    deferred.append(DeferredRowGroup(numRows: group.numRows, entry: start..<r.position))
                }
                rowGroups = []
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
        let metadata = ParquetFileMetadata(version: version, schema: schema, numRows: numRows, rowGroups: rowGroups,
                                           keyValueMetadata: kv, createdBy: createdBy, typeDefinedColumnOrders: orders)
        return (metadata, deferred)
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

/// A row group located in a footer but not decoded: its row count and where its `RowGroup`
/// entry lies in the footer bytes.
struct DeferredRowGroup: Sendable {
    let numRows: Int64
    let entry: Range<Int>

    /// Decodes the entry, column chunks included.
    func decode(footer: [UInt8]) throws -> ParquetRowGroupMetadata {
        var r = ThriftCompactReader(footer, start: entry.lowerBound, end: entry.upperBound)
        return try ParquetRowGroupMetadata.read(from: &r)
    }
}
