/// The values of one column within a batch; the case must match the column's `ParquetType`.
public enum ColumnValues: Sendable {
    case booleans([Bool?])
    case int32s([Int32?])
    case int64s([Int64?])
    case doubles([Double?])
    /// Days since 1970-01-01.
    case dates([Int32?])
    /// Microseconds since the Unix epoch, UTC.
    case timestampsMicros([Int64?])
    /// STRING column values.
    case byteArrays(ByteArrayColumn)
    /// LIST column values: one list (or null) per row.
    indirect case lists(ListColumnValues)

    /// Number of values, nulls included.
    public var count: Int {
        switch self {
        case .booleans(let v): return v.count
        case .int32s(let v), .dates(let v): return v.count
        case .int64s(let v), .timestampsMicros(let v): return v.count
        case .doubles(let v): return v.count
        case .byteArrays(let v): return v.count
        case .lists(let v): return v.count
        }
    }

    /// The column type this case carries.
    public var parquetType: ParquetType {
        switch self {
        case .booleans: return .boolean
        case .int32s: return .int32
        case .int64s: return .int64
        case .doubles: return .double
        case .dates: return .date
        case .timestampsMicros: return .timestampMicros
        case .byteArrays: return .string
        case .lists(let v): return .list(v.elementType)
        }
    }

    /// Number of null values (null lists for a LIST column, not null elements).
    public var nullCount: Int {
        switch self {
        case .booleans(let v): return v.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .int32s(let v), .dates(let v): return v.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .int64s(let v), .timestampsMicros(let v): return v.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .doubles(let v): return v.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        case .byteArrays(let v): return v.nullCount
        case .lists(let v): return v.nullCount
        }
    }
}

/// A set of equally long columns, in schema order.
public struct ColumnBatch: Sendable {
    public var columns: [ColumnValues]

    public init(_ columns: [ColumnValues]) {
        self.columns = columns
    }

    /// Rows in the batch (the length of the first column; 0 without columns).
    public var rowCount: Int { columns.first?.count ?? 0 }
}
