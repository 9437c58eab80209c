import Parquet

/// Key columns of one side of a join made ready for hashing, so that keys equal in SQL get
/// equal digests: an int32 key compared with an int64 one widened to int64, and every NaN
/// one bit pattern (DuckDB joins NaN with NaN; -0.0 and 0.0 already hash alike).
struct JoinKeyColumns {
    let columns: [ColumnValues]
    /// Rows with a NULL in any key column: they match nothing.
    let hasNull: [Bool]

    init(_ columns: [ColumnValues], widen: [Bool], rowCount: Int) {
        var hasNull = [Bool](repeating: false, count: rowCount)
        func mark<T>(_ values: [T?]) {
            for row in values.indices where values[row] == nil { hasNull[row] = true }
        }
        self.columns = zip(columns, widen).map { column, widen in
            switch column {
            case .booleans(let v): mark(v)
            case .int32s(let v), .dates(let v): mark(v)
            case .int64s(let v), .timestampsMicros(let v): mark(v)
            case .doubles(let v): mark(v)
            case .byteArrays(let v): v.withRawParts { _, _, isNull in for row in isNull.indices where isNull[row] { hasNull[row] = true } }
            case .lists(let v): for row in 0..<v.count where v.isNull(at: row) { hasNull[row] = true }
            }
            switch column {
            case .int32s(let values) where widen:
                return .int64s(values.map { $0.map { Int64($0) } })
            default:
                return column.withCanonicalNaNs
            }
        }
        self.hasNull = hasNull
    }
}
