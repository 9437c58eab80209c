import Parquet

/// The aggregate's input batch (`BoundGoldQuery.aggregateInput`) built from read columns:
/// the working columns only, each filtered or gathered once.
enum WorkingBatch {
    /// Without a join: the rows of `batch` (left read columns) whose `keep` flag is set.
    static func filtered(_ query: BoundGoldQuery, _ batch: ColumnBatch, rowCount: Int, keep: [Bool]?, keptRows: Int) -> ColumnBatch {
        guard let keep, keptRows < rowCount else { return build(query, rowCount: rowCount) { batch.columns[$0.index] } }
        var rows = [Int32]()
        rows.reserveCapacity(keptRows)
        for row in 0..<rowCount where keep[row] { rows.append(Int32(truncatingIfNeeded: row)) }
        return build(query, rowCount: keptRows) { batch.columns[$0.index].gathered(rows) }
    }

    /// `filtered` over columns as read, dictionary-coded ones kept coded (only their codes
    /// are gathered).
    static func filtered(_ query: BoundGoldQuery, _ columns: [DecodedColumn], rowCount: Int, keep: [Bool]?, keptRows: Int) -> [DecodedColumn] {
        if query.working.isEmpty {
            return [.values(.booleans([Bool?](repeating: nil, count: keptRows)))]
        }
        guard let keep, keptRows < rowCount else { return query.working.map { columns[$0.index] } }
        var rows = [Int32]()
        rows.reserveCapacity(keptRows)
        for row in 0..<rowCount where keep[row] { rows.append(Int32(truncatingIfNeeded: row)) }
        return query.working.map { columns[$0.index].gathered(rows) }
    }

    /// With a join: left row `leftRows[i]` beside right row `rightRows[i]` (nulls for -1).
    static func joined(_ query: BoundGoldQuery, left: ColumnBatch, leftRows: [Int32],
                       right: [ColumnValues], rightRows: [Int32]) -> ColumnBatch {
        build(query, rowCount: leftRows.count) { ref in
            ref.side == .left ? left.columns[ref.index].gathered(leftRows) : right[ref.index].gathered(rightRows)
        }
    }

    private static func build(_ query: BoundGoldQuery, rowCount: Int, _ column: (GoldColumnRef) -> ColumnValues) -> ColumnBatch {
        if query.working.isEmpty { return ColumnBatch([.booleans([Bool?](repeating: nil, count: rowCount))]) }
        return ColumnBatch(query.working.map(column))
    }
}
