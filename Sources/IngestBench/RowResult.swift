/// A measured row: medallion's figures, its peers', and the ratios the table shows.
struct RowResult {
    let row: BenchRow
    let medallion: ToolMeasurement
    let peers: [ToolMeasurement]

    /// The fastest peer that produced a figure.
    var bestPeer: ToolMeasurement? {
        peers.filter { $0.medianSeconds != nil }.min { ($0.medianSeconds ?? 0) < ($1.medianSeconds ?? 0) }
    }

    /// medallion's throughput over the best peer's on the same input (above 1: medallion is faster).
    var ratio: Double? {
        guard let ours = medallion.medianSeconds, let theirs = bestPeer?.medianSeconds, ours > 0 else { return nil }
        return theirs / ours
    }

    var sizeReference: ToolMeasurement? { peers.first { $0.tool == row.sizeReference } }

    /// medallion's output bytes over the reference peer's (the "≤ 1.1× DuckDB's bytes").
    var sizeRatio: Double? {
        guard let ours = medallion.outputBytes, let theirs = sizeReference?.outputBytes, theirs > 0 else { return nil }
        return Double(ours) / Double(theirs)
    }
}
