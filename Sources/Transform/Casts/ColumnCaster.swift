import Parquet

/// Casts a whole Bronze string column of one batch to its Silver type: trim (ASCII whitespace),
/// empty to null, then the type's cast (`ValueCasts`, `TemporalPattern`).
public struct ColumnCaster: Sendable {
    public let type: SilverType

    public init(type: SilverType) {
        self.type = type
    }

    /// Trims, maps empty to null and casts every value; `failed[i]` is true where a non-null trimmed value failed the cast (the output is then null).
    public func cast(_ column: ByteArrayColumn) -> (values: ColumnValues, failed: [Bool]) {
        var failed = [Bool](repeating: false, count: column.count)
        switch type {
        case .string:
            return (.byteArrays(ByteArrayRewrite.trimmed(column)), failed)
        case .int64:
            return (.int64s(Self.map(column, &failed, ValueCasts.int64)), failed)
        case .double:
            return (.doubles(Self.map(column, &failed, ValueCasts.double)), failed)
        case .boolean:
            return (.booleans(Self.map(column, &failed, ValueCasts.boolean)), failed)
        case .date(let pattern):
            return (.dates(Self.map(column, &failed) { pattern.days($0) }), failed)
        case .timestamp(nil):
            return (.timestampsMicros(Self.map(column, &failed, ValueCasts.rfc3339Micros)), failed)
        case .timestamp(let pattern?):
            return (.timestampsMicros(Self.map(column, &failed) { pattern.micros($0) }), failed)
        }
    }

    /// Whether `text` (untrimmed) is null after trimming or casts to the type: the `castable` check.
    public func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let value = ValueCasts.trimmed(bytes)
        if value.isEmpty { return true }
        switch type {
        case .string: return true
        case .int64: return ValueCasts.int64(value) != nil
        case .double: return ValueCasts.double(value) != nil
        case .boolean: return ValueCasts.boolean(value) != nil
        case .date(let pattern): return pattern.days(value) != nil
        case .timestamp(nil): return ValueCasts.rfc3339Micros(value) != nil
        case .timestamp(let pattern?): return pattern.micros(value) != nil
        }
    }

    @inline(__always)
    private static func map<T>(_ column: ByteArrayColumn, _ failed: inout [Bool],
                               _ cast: (UnsafeRawBufferPointer) -> T?) -> [T?] {
        var out: [T?] = []
        out.reserveCapacity(column.count)
        failed.withUnsafeMutableBufferPointer { failed in
            var index = 0
            column.forEachValue { bytes in
                defer { index &+= 1 }
                guard let bytes else { out.append(nil); return }
                let value = ValueCasts.trimmed(bytes)
                if value.isEmpty { out.append(nil); return }
                let result = cast(value)
                if result == nil { failed[index] = true }
                out.append(result)
            }
        }
        return out
    }
}
