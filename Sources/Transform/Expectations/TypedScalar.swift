import Parquet

/// One value in its column's type, for `in` and `between`: numbers compare as numbers,
/// dates and timestamps as days and microseconds, strings byte by byte (as SQL engines
/// compare VARCHAR).
enum TypedScalar: Hashable, Comparable {
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])

    /// A parameter's text read as a value of `type`; dates as `YYYY-MM-DD` (or the column's
    /// own pattern), timestamps as RFC 3339 or a date (midnight UTC).
    init?(_ text: String, type: SilverType) {
        var text = text
        let parsed: TypedScalar? = text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            switch type {
            case .string: return .bytes(Array(utf8))
            case .int64:
                if let value = ValueCasts.int64(bytes) { return .int(value) }
                return ValueCasts.double(bytes).map { .double($0) }
            case .double: return ValueCasts.double(bytes).map { .double($0) }
            case .boolean: return ValueCasts.boolean(bytes).map { .bool($0) }
            case .date(let pattern):
                if let days = TemporalPattern.isoDate.days(bytes) ?? pattern.days(bytes) { return .int(Int64(days)) }
                return nil
            case .timestamp(let pattern):
                if let micros = ValueCasts.rfc3339Micros(bytes) ?? pattern?.micros(bytes) { return .int(micros) }
                if let days = TemporalPattern.isoDate.days(bytes) { return .int(Int64(days) * 86_400_000_000) }
                return nil
            }
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// The value at `row`, nil when null.
    static func at(_ row: Int, of values: ColumnValues) -> TypedScalar? {
        switch values {
        case .booleans(let v): return v[row].map { .bool($0) }
        case .int32s(let v), .dates(let v): return v[row].map { .int(Int64($0)) }
        case .int64s(let v), .timestampsMicros(let v): return v[row].map { .int($0) }
        case .doubles(let v): return v[row].map { .double($0) }
        case .byteArrays(let v): return v.withBytes(at: row) { $0.map { .bytes(Array($0)) } }
        case .lists: return nil
        }
    }

    static func < (lhs: TypedScalar, rhs: TypedScalar) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b
        case (.double(let a), .double(let b)): return a < b
        case (.int(let a), .double(let b)): return Double(a) < b
        case (.double(let a), .int(let b)): return a < Double(b)
        case (.bool(let a), .bool(let b)): return !a && b
        case (.bytes(let a), .bytes(let b)): return a.lexicographicallyPrecedes(b)
        default: return false
        }
    }
}

/// The allowed values of an `in` check.
struct TypedSet {
    private let exact: Set<TypedScalar>
    private let doubles: [Double]

    init(_ values: [TypedScalar]) {
        exact = Set(values)
        doubles = values.compactMap { if case .double(let d) = $0 { return d } else { return nil } }
    }

    func contains(_ value: TypedScalar) -> Bool {
        if exact.contains(value) { return true }
        if case .int(let i) = value { return doubles.contains(Double(i)) }
        if case .double(let d) = value, d.rounded() == d, let i = Int64(exactly: d) { return exact.contains(.int(i)) }
        return false
    }
}
