/// One node of the file's schema tree (parquet.thrift `SchemaElement`); the first is the root.
public struct ParquetSchemaElement: Sendable, Equatable {
    public var name: String
    public var physicalType: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var numChildren: Int32?
    /// Raw `ConvertedType` value (legacy annotation).
    public var convertedType: Int32?
    public var logicalType: ParquetLogicalType?

    init(name: String, physicalType: PhysicalType? = nil, repetition: Repetition? = nil, numChildren: Int32? = nil,
         convertedType: Int32? = nil, logicalType: ParquetLogicalType? = nil) {
        self.name = name
        self.physicalType = physicalType
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }

    /// Name of the legacy converted type, if any.
    public var convertedTypeName: String? {
        guard let convertedType else { return nil }
        let names: [Int32: String] = [0: "UTF8", 1: "MAP", 2: "MAP_KEY_VALUE", 3: "LIST", 4: "ENUM", 5: "DECIMAL",
                                      6: "DATE", 7: "TIME_MILLIS", 8: "TIME_MICROS", 9: "TIMESTAMP_MILLIS",
                                      10: "TIMESTAMP_MICROS", 11: "UINT_8", 12: "UINT_16", 13: "UINT_32", 14: "UINT_64",
                                      15: "INT_8", 16: "INT_16", 17: "INT_32", 18: "INT_64", 19: "JSON", 20: "BSON",
                                      21: "INTERVAL"]
        return names[convertedType] ?? "CONVERTED(\(convertedType))"
    }

    func write(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        if let physicalType { w.field(1, i32: physicalType.rawValue) }
        if let typeLength { w.field(2, i32: typeLength) }
        if let repetition { w.field(3, i32: repetition.rawValue) }
        w.field(4, string: name)
        if let numChildren { w.field(5, i32: numChildren) }
        if let convertedType { w.field(6, i32: convertedType) }
        if let logicalType { logicalType.write(10, to: &w) }
        w.endStruct()
    }

    static func read(from r: inout ThriftCompactReader) throws -> ParquetSchemaElement {
        try r.beginStruct()
        var e = ParquetSchemaElement(name: "")
        var sawName = false
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .i32):
                let raw = try r.readI32()
                guard let t = PhysicalType(rawValue: raw) else { throw ParquetError.thrift("unknown physical type \(raw)") }
                e.physicalType = t
            case (2, .i32): e.typeLength = try r.readI32()
            case (3, .i32):
                let raw = try r.readI32()
                guard let rep = Repetition(rawValue: raw) else { throw ParquetError.thrift("unknown repetition \(raw)") }
                e.repetition = rep
            case (4, .binary): e.name = try r.readString(); sawName = true
            case (5, .i32): e.numChildren = try r.readI32()
            case (6, .i32): e.convertedType = try r.readI32()
            case (10, .structure): e.logicalType = try ParquetLogicalType.read(from: &r)
            default: try r.skip(type)
            }
        }
        r.endStruct()
        guard sawName else { throw ParquetError.thrift("schema element without a name") }
        return e
    }
}
