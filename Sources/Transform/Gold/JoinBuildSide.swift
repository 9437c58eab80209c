import Parquet

/// The right input of a join, held in memory: its read columns, an index of its rows by key,
/// and which rows pass the right-side conditions. For an inner join, rows that fail them are
/// never stored (no left row could pair with them); a left join must keep them, because a
/// left row whose every match fails yields no row rather than one with NULL right columns.
final class JoinBuildSide {
    /// One column per `BoundGoldQuery.rightColumns`, every stored row.
    let columns: [ColumnValues]
    let table: JoinHashTable
    /// Per stored row, whether it passes the right-side conditions; nil when all do.
    let passes: [Bool]?
    /// Bytes held (columns, index, flags), counted against the join's share of the budget.
    let bytes: Int

    private init(columns: [ColumnValues], table: JoinHashTable, passes: [Bool]?, bytes: Int) {
        self.columns = columns
        self.table = table
        self.passes = passes
        self.bytes = bytes
    }

    /// Reads `paths` (the right input) into memory. Throws `memoryBudgetExceeded` for the
    /// "join" operator, citing `budgetBytes`, once more than `limit` bytes are held.
    static func load(_ query: BoundGoldQuery, _ join: BoundJoin, paths: [String], digester: RowDigester,
                     limit: Int, budgetBytes: Int, rowsRead: (Int) -> Void) throws -> JoinBuildSide {
        var pieces: [[ColumnValues]] = []
        var table = JoinHashTable()
        var passes: [Bool]? = join.kind == .left && !query.rightConditions.isEmpty ? [] : nil
        var columnBytes = 0
        try GoldInput.forEachRowGroup(paths: paths, columns: query.rightColumns, types: query.rightTypes) { read, rowCount in
            var batch = read
            if !query.rightConditions.isEmpty {
                var keep = [Bool](repeating: true, count: rowCount)
                for condition in query.rightConditions { condition.apply(to: batch, keep: &keep) }
                if join.kind == .inner {
                    if keep.contains(false) { batch = ColumnBatch(batch.columns.map { $0.filtered(keep) }) }
                } else {
                    passes?.append(contentsOf: keep)
                }
            }
            let rows = batch.rowCount
            guard table.rowCount + rows < Int(Int32.max) else {
                throw TransformError.input("join: the right input has more than \(Int32.max - 1) rows")
            }
            let keys = JoinKeyColumns(join.keys.map { batch.columns[$0.right] }, widen: join.keys.map(\.widenRight), rowCount: rows)
            let digests = digester.digests(of: keys.columns, rowCount: rows)
            let base = table.rowCount
            table.appendRows(rows)
            for row in 0..<rows where !keys.hasNull[row] {
                table.insert(row: Int32(truncatingIfNeeded: base + row), digest: digests[row])
            }
            pieces.append(batch.columns)
            columnBytes += batch.columns.reduce(0) { $0 + $1.footprintBytes }
            if columnBytes + table.bytes + (passes?.capacity ?? 0) > limit {
                throw TransformError.memoryBudgetExceeded(operator: "join", budgetBytes: budgetBytes)
            }
            rowsRead(rowCount)
        }
        var columns: [ColumnValues] = []
        for (index, type) in query.rightTypes.enumerated() {
            columns.append(.concatenated(pieces.map { $0[index] }, type: type))
            // Free each column's pieces as soon as it is joined, so the peak stays near one copy.
            for piece in pieces.indices { pieces[piece][index] = .booleans([]) }
        }
        return JoinBuildSide(columns: columns, table: table, passes: passes, bytes: columnBytes + table.bytes + (passes?.capacity ?? 0))
    }
}
