import Parquet
import Transform

/// Infers each column's type over the same pass that writes bronze: a column keeps every
/// candidate type its values so far fit, and ends as the narrowest survivor
/// (boolean, int64, double, date, timestamp; else string). Empty strings and nulls never
/// decide a type. Memory is fixed per column.
final class SchemaInferrer {
    private struct Column {
        var int64 = true, double = true, boolean = true, date = true, timestamp = true
        var nulls: Int64 = 0
        var values: Int64 = 0
        var maxLength = 0
    }

    private let names: [String]
    private var columns: [Column]
    private var distinct: HyperLogLogSet

    init(columnNames: [String]) {
        names = columnNames
        columns = Array(repeating: Column(), count: columnNames.count)
        distinct = HyperLogLogSet(columns: columnNames.count)
    }

    /// Observes a whole column of a batch (column-at-a-time is kinder to caches than row-at-a-time).
    func observe(column index: Int, values: ByteArrayColumn) {
        guard index < columns.count else { return }
        var column = columns[index]
        var distinct = self.distinct
        self.distinct = HyperLogLogSet(columns: 0)
        defer {
            columns[index] = column
            self.distinct = distinct
        }
        distinct.withRegisters(column: index) { registers in
            values.forEachValue { field in
                if let field {
                    Self.observe(&column, registers, field.assumingMemoryBound(to: UInt8.self))
                } else {
                    column.nulls += 1
                }
            }
        }
    }

    /// Observes one value (nil = null).
    func observe(column index: Int, value: String?) {
        guard index < columns.count else { return }
        guard var value else {
            columns[index].nulls += 1
            return
        }
        var column = columns[index]
        value.withUTF8 { bytes in
            distinct.withRegisters(column: index) { Self.observe(&column, $0, bytes) }
        }
        columns[index] = column
    }

    private static func observe(_ column: inout Column, _ registers: UnsafeMutableBufferPointer<UInt8>,
                                _ bytes: UnsafeBufferPointer<UInt8>) {
        column.values += 1
        if bytes.count > column.maxLength { column.maxLength = bytes.count }
        HyperLogLogSet.add(HyperLogLogSet.hash(bytes), to: registers)
        guard bytes.count > 0 else { return }
        // Every form inference accepts must also pass Silver's cast of that type, so an
        // undeclared column never turns a value into null there.
        let raw = UnsafeRawBufferPointer(bytes)
        if column.int64 { column.int64 = ValueClassifier.isInt64(bytes) }
        if column.double && !column.int64 { column.double = ValueClassifier.isDouble(bytes) && ValueCasts.double(raw) != nil }
        if column.boolean { column.boolean = ValueClassifier.isBoolean(bytes) }
        if column.date { column.date = ValueClassifier.isDate(bytes) }
        // Timestamps: RFC 3339 with a zone only, as the cast reads them (a date alone or a
        // time without a zone is text).
        if column.timestamp { column.timestamp = ValueCasts.rfc3339Micros(raw) != nil }
    }

    func profiles() -> [ColumnProfile] {
        columns.indices.map { index in
            let column = columns[index]
            let type: ColumnProfile.InferredType
            if column.values == 0 || column.maxLength == 0 {
                type = .string
            } else if column.boolean {
                type = .boolean
            } else if column.int64 {
                type = .int64
            } else if column.double {
                type = .double
            } else if column.date {
                type = .date
            } else if column.timestamp {
                type = .timestamp
            } else {
                type = .string
            }
            return ColumnProfile(name: names[index], type: type, nulls: column.nulls, values: column.values,
                                 distinct_estimate: min(distinct.estimate(column: index), column.values),
                                 max_length: column.maxLength)
        }
    }
}
