import Parquet

extension ColumnBatch {
    /// The rows in `range`, every column copied.
    func rows(_ range: Range<Int>) -> ColumnBatch {
        let all = [Bool](repeating: true, count: rowCount)
        return ColumnBatch(columns.map { $0.filtered(all, range: range) })
    }
}
