/// Logical type annotations (parquet.thrift `LogicalType` union), as far as we map them.
public enum ParquetLogicalType: Sendable, Equatable {
    public enum TimeUnit: Sendable, Equatable {
        case millis, micros, nanos
    }

    case string
    case date
    case timestamp(unit: TimeUnit, adjustedToUTC: Bool)
    case integer(bitWidth: Int8, signed: Bool)
    /// LIST, on the outer group of a list column.
    case list
    /// A union member this library does not interpret (field id in the union).
    case other(Int16)

    public var name: String {
        switch self {
        case .string: return "STRING"
        case .date: return "DATE"
        case .timestamp(let unit, let utc):
            return "TIMESTAMP(\(unit == .millis ? "MILLIS" : unit == .micros ? "MICROS" : "NANOS"), \(utc ? "UTC" : "local"))"
        case .integer(let bits, let signed): return "INTEGER(\(bits), \(signed ? "signed" : "unsigned"))"
        case .list: return "LIST"
        case .other(let id): return Self.unionNames[id] ?? "LOGICAL(\(id))"
        }
    }

    /// parquet.thrift's `LogicalType` union members this library reads but does not decode,
    /// by field id, so `parquet schema` names them for users.
    private static let unionNames: [Int16: String] = [
        2: "MAP", 3: "LIST", 4: "ENUM", 5: "DECIMAL", 7: "TIME", 9: "INTERVAL", 11: "UNKNOWN", 12: "JSON", 13: "BSON",
        14: "UUID", 15: "FLOAT16", 16: "VARIANT", 17: "GEOMETRY", 18: "GEOGRAPHY",
    ]

    func write(_ id: Int16, to w: inout ThriftCompactWriter) {
        w.beginStructField(id)
        switch self {
        case .string:
            w.beginStructField(1); w.endStruct()
        case .date:
            w.beginStructField(6); w.endStruct()
        case .timestamp(let unit, let utc):
            w.beginStructField(8)
            w.field(1, bool: utc)
            w.beginStructField(2)
            w.beginStructField(unit == .millis ? 1 : unit == .micros ? 2 : 3); w.endStruct()
            w.endStruct()
            w.endStruct()
        case .integer(let bits, let signed):
            w.beginStructField(10)
            w.field(1, byte: UInt8(bitPattern: bits))
            w.field(2, bool: signed)
            w.endStruct()
        case .list:
            w.beginStructField(3); w.endStruct()
        case .other(let member):
            w.beginStructField(member); w.endStruct()
        }
        w.endStruct()
    }

    static func read(from r: inout ThriftCompactReader) throws -> ParquetLogicalType? {
        try r.beginStruct()
        var result: ParquetLogicalType?
        while let (id, type) = try r.readFieldHeader() {
            guard type == .structure else { try r.skip(type); continue }
            switch id {
            case 1: try r.skip(type); result = .string
            case 3: try r.skip(type); result = .list
            case 6: try r.skip(type); result = .date
            case 8: result = try readTimestamp(from: &r)
            case 10: result = try readInteger(from: &r)
            default: try r.skip(type); result = .other(id)
            }
        }
        r.endStruct()
        return result
    }

    private static func readTimestamp(from r: inout ThriftCompactReader) throws -> ParquetLogicalType {
        try r.beginStruct()
        var utc = false
        var unit: TimeUnit?
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .boolTrue), (1, .boolFalse): utc = try r.readBool()
            case (2, .structure):
                try r.beginStruct()
                while let (unitId, unitType) = try r.readFieldHeader() {
                    try r.skip(unitType)
                    switch unitId {
                    case 1: unit = .millis
                    case 2: unit = .micros
                    case 3: unit = .nanos
                    default: break
                    }
                }
                r.endStruct()
            default: try r.skip(type)
            }
        }
        r.endStruct()
        guard let unit else { throw ParquetError.thrift("TIMESTAMP logical type without a time unit") }
        return .timestamp(unit: unit, adjustedToUTC: utc)
    }

    private static func readInteger(from r: inout ThriftCompactReader) throws -> ParquetLogicalType {
        try r.beginStruct()
        var bits: Int8 = 0
        var signed = true
        while let (id, type) = try r.readFieldHeader() {
            switch (id, type) {
            case (1, .byte): bits = Int8(bitPattern: try r.readByte())
            case (2, .boolTrue), (2, .boolFalse): signed = try r.readBool()
            default: try r.skip(type)
            }
        }
        r.endStruct()
        return .integer(bitWidth: bits, signed: signed)
    }
}
