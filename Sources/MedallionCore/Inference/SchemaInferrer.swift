import Parquet

/// Infers each column's type over the same pass that writes bronze: a column keeps every
/// candidate type its values so far fit, and ends as the narrowest survivor
/// (boolean, int64, double, date, timestamp; else string). Empty strings and nulls never
/// decide a type. Memory is fixed per column.
///
/// Counting values and nulls happens where the rows are read; everything else depends only
/// on which values occur, so it lives in `columns`, which Bronze hands to the Parquet writer
/// as distinct-value observers (`ColumnInference`).
final class SchemaInferrer {
    private let names: [String]
    /// One per source column, in order.
    let columns: [ColumnInference]
    private var nulls: [Int64]
    private var values: [Int64]

    init(columnNames: [String]) {
        names = columnNames
        let precision = HyperLogLog.precision(columns: columnNames.count)
        columns = columnNames.map { _ in ColumnInference(precision: precision) }
        nulls = Array(repeating: 0, count: columnNames.count)
        values = Array(repeating: 0, count: columnNames.count)
    }

    /// Counts a batch of `rows` rows of a column, `nulls` of them null, whose values reach
    /// `columns[index]` some other way.
    func count(column index: Int, rows: Int, nulls nullCount: Int) {
        guard index < names.count else { return }
        values[index] += Int64(rows - nullCount)
        nulls[index] += Int64(nullCount)
    }

    /// Observes one value (nil = null).
    func observe(column index: Int, value: String?) {
        guard index < names.count else { return }
        guard var value else {
            count(column: index, rows: 1, nulls: 1)
            return
        }
        count(column: index, rows: 1, nulls: 0)
        value.withUTF8 { columns[index].observe(UnsafeRawBufferPointer($0)) }
    }

    func profiles() -> [ColumnProfile] {
        columns.indices.map { index in
            let column = columns[index]
            let type: ColumnProfile.InferredType
            if values[index] == 0 || column.maxLength == 0 {
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
            return ColumnProfile(name: names[index], type: type, nulls: nulls[index], values: values[index],
                                 distinctEstimate: min(column.distinctEstimate, values[index]),
                                 maxLength: column.maxLength)
        }
    }
}
