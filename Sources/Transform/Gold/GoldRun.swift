import Parquet

/// What one `GoldExecutor` run produced, and figures on how (for tests and progress lines).
struct GoldRun {
    let output: ColumnBatch
    /// Rows read from both inputs.
    let rowsRead: Int64
    /// Rows held in the join's build side (0 without a join).
    let buildRows: Int
    /// Sorted quantile runs written to the spill directory before the final merge.
    let spilledRuns: Int
}
