/// The value types a Medallion Parquet column can hold, each mapped to one physical type
/// plus the logical and legacy converted annotations that other readers expect.
public enum ParquetType: Sendable, Equatable {
    /// BOOLEAN.
    case boolean
    /// INT32 without annotation.
    case int32
    /// INT64 without annotation.
    case int64
    /// DOUBLE.
    case double
    /// BYTE_ARRAY annotated as STRING (UTF-8) / converted type UTF8.
    case string
    /// INT32 annotated as DATE: days since 1970-01-01.
    case date
    /// INT64 annotated as TIMESTAMP(MICROS, adjusted to UTC) / converted type TIMESTAMP_MICROS.
    case timestampMicros
    /// A LIST of one of the scalar types above, with nullable elements. Written as the
    /// standard three-level structure `<name> (LIST) { repeated group list { optional <element> element } }`.
    /// Lists of lists are not supported: the writer rejects them with `ParquetError.invalidSchema`.
    indirect case list(ParquetType)
}

extension ParquetType {
    /// The physical type of the column's leaf (the element's, for a list).
    var physicalType: PhysicalType {
        switch self {
        case .boolean: return .boolean
        case .int32, .date: return .int32
        case .int64, .timestampMicros: return .int64
        case .double: return .double
        case .string: return .byteArray
        case .list(let element): return element.physicalType
        }
    }

    /// Whether this is a single value rather than a list.
    public var isScalar: Bool {
        if case .list = self { return false }
        return true
    }

    /// Human-readable name used in error messages and the CLI.
    public var name: String {
        switch self {
        case .boolean: return "boolean"
        case .int32: return "int32"
        case .int64: return "int64"
        case .double: return "double"
        case .string: return "string"
        case .date: return "date"
        case .timestampMicros: return "timestamp[us, UTC]"
        case .list(let element): return "list<\(element.name)>"
        }
    }
}
