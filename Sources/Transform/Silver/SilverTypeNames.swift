import Parquet

extension SilverType: CustomStringConvertible {
    /// The type's name as configs write it (`date`, `int64`, …).
    public var configName: String {
        switch self {
        case .string: return "string"
        case .int64: return "int64"
        case .double: return "double"
        case .boolean: return "boolean"
        case .date: return "date"
        case .timestamp: return "timestamp"
        }
    }

    /// The name with its pattern, for manifests and messages: `date(yyyyMMdd)`, `timestamp`.
    public var description: String {
        switch self {
        case .date(let pattern): return "date(\(pattern.text))"
        case .timestamp(let pattern?): return "timestamp(\(pattern.text))"
        default: return configName
        }
    }

    /// The Parquet column type Silver stores this type as.
    public var parquetType: ParquetType {
        switch self {
        case .string: return .string
        case .int64: return .int64
        case .double: return .double
        case .boolean: return .boolean
        case .date: return .date
        case .timestamp: return .timestampMicros
        }
    }
}
