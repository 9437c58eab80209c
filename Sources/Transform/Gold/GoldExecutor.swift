import Foundation
import Parquet

/// Runs bound Gold queries over Silver Parquet files.
public enum GoldExecutor {
    /// Runs the query over Parquet files (each path one Silver part file; read row group by row
    /// group, only the needed columns). Memory: the join's build side (right input, only its
    /// needed columns), the aggregate's hash state and the quantile buffers share
    /// `memoryBudgetBytes`; quantiles spill sorted runs to `spillDirectory` past their share;
    /// the join build side or the aggregate state past its share throws
    /// TransformError.memoryBudgetExceeded naming the operator. `progress` gets rows read so far.
    ///
    /// Shares: quantiles a quarter of the budget (when the query has any), the build side up to
    /// half of the rest, the aggregate whatever the build side left. `memoryBudgetExceeded`
    /// cites the whole `memoryBudgetBytes`, the figure a user can raise. Rows come out in
    /// `orderBy` order, else in no particular order.
    public static func run(_ query: BoundGoldQuery, leftPaths: [String], rightPaths: [String],
                           memoryBudgetBytes: Int, spillDirectory: URL,
                           progress: ((Int64) -> Void)? = nil) throws -> ColumnBatch {
        try execute(query, leftPaths: leftPaths, rightPaths: rightPaths, memoryBudgetBytes: memoryBudgetBytes,
                    spillDirectory: spillDirectory, progress: progress).output
    }

    /// `run`, also telling how it went.
    static func execute(_ query: BoundGoldQuery, leftPaths: [String], rightPaths: [String],
                        memoryBudgetBytes: Int, spillDirectory: URL,
                        progress: ((Int64) -> Void)? = nil) throws -> GoldRun {
        let shares = GoldMemoryShares(total: memoryBudgetBytes, joins: query.join != nil, quantileColumns: query.quantileSets.count)
        let seed = DigestSeed.random()
        var rowsRead: Int64 = 0
        let report = { (rows: Int) in
            rowsRead += Int64(rows)
            progress?(rowsRead)
        }

        var build: JoinBuildSide?
        let aggregation: GoldAggregation
        if let join = query.join {
            let digester = RowDigester(seed: seed)
            let side = try JoinBuildSide.load(query, join, paths: rightPaths, digester: digester,
                                              limit: shares.joinLimit, budgetBytes: memoryBudgetBytes, rowsRead: report)
            build = side
            aggregation = try GoldAggregation(query, shares: shares, joinBytes: side.bytes, spillDirectory: spillDirectory, seed: seed)
            var probe = JoinProbe(join: join, build: side, digester: digester)
            try GoldInput.forEachRowGroup(paths: leftPaths, columns: query.leftColumns, types: query.leftTypes) { batch, rowCount in
                let (keep, _) = leftRowsKept(query, rowCount: rowCount) { $0.apply(to: batch, keep: &$1) }
                try probe.probe(batch, rowCount: rowCount, keep: keep) { leftRows, rightRows in
                    try aggregation.add(WorkingBatch.joined(query, left: batch, leftRows: leftRows, right: side.columns, rightRows: rightRows))
                }
                report(rowCount)
            }
        } else {
            aggregation = try GoldAggregation(query, shares: shares, joinBytes: 0, spillDirectory: spillDirectory, seed: seed)
            try GoldInput.forEachCodedRowGroup(paths: leftPaths, columns: query.leftColumns, types: query.leftTypes) { columns, rowCount in
                let (keep, keptRows) = leftRowsKept(query, rowCount: rowCount) { $0.apply(to: columns, keep: &$1) }
                if keptRows > 0 {
                    try aggregation.add(WorkingBatch.filtered(query, columns, rowCount: rowCount, keep: keep, keptRows: keptRows),
                                        rowCount: keptRows)
                }
                report(rowCount)
            }
        }
        let spilledRuns = aggregation.spilledRuns
        let output = OutputOrdering.apply(query.order, limit: query.limit, to: try aggregation.finish())
        return GoldRun(output: output, rowsRead: rowsRead, buildRows: build?.table.rowCount ?? 0, spilledRuns: spilledRuns)
    }

    /// Which rows of a left batch pass the left-side conditions (nil: all) and how many;
    /// `apply` narrows the flags by one condition.
    private static func leftRowsKept(_ query: BoundGoldQuery, rowCount: Int,
                                     _ apply: (ColumnPredicate, inout [Bool]) -> Void) -> (keep: [Bool]?, kept: Int) {
        guard !query.leftConditions.isEmpty else { return (nil, rowCount) }
        var keep = [Bool](repeating: true, count: rowCount)
        for condition in query.leftConditions { apply(condition, &keep) }
        return (keep, keep.reduce(0) { $0 + ($1 ? 1 : 0) })
    }
}
