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
        var distinct = HyperLogLog()
    }

    private let names: [String]
    private var columns: [Column]

    init(columnNames: [String]) {
        names = columnNames
        columns = Array(repeating: Column(), count: columnNames.count)
    }

    func observe(column index: Int, value: String?) {
        guard index < columns.count else { return }
        guard let value else {
            columns[index].nulls += 1
            return
        }
        columns[index].values += 1
        let length = value.utf8.count
        if length > columns[index].maxLength { columns[index].maxLength = length }
        columns[index].distinct.add(hash: HyperLogLog.hash(value))
        guard length > 0 else { return }
        var column = columns[index]
        let text = Substring(value)
        let utf8 = text.utf8
        if column.int64 { column.int64 = ValueClassifier.isInt64(utf8) }
        if column.double && !column.int64 { column.double = ValueClassifier.isDouble(utf8) }
        if column.boolean { column.boolean = ValueClassifier.isBoolean(text) }
        if column.date || column.timestamp {
            // A date is also a valid timestamp (midnight), so a column may mix both.
            let isDate = ValueClassifier.isDate(utf8)
            column.date = column.date && isDate
            column.timestamp = column.timestamp && (isDate || ValueClassifier.isTimestamp(utf8))
        }
        columns[index] = column
    }

    func profiles() -> [ColumnProfile] {
        zip(names, columns).map { name, column in
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
            return ColumnProfile(name: name, type: type, nulls: column.nulls, values: column.values,
                                 distinct_estimate: column.distinct.estimate, max_length: column.maxLength)
        }
    }
}
