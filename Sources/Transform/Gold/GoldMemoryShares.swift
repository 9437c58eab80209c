/// How a Gold query's memory budget is split between its operators. Quantiles spill, so they
/// get a fixed quarter (split evenly between their columns); the join's build side, loaded
/// first, may take up to half of the rest; the aggregate gets whatever the build side left,
/// so a query without a join gives it three quarters or all.
struct GoldMemoryShares {
    let total: Int
    /// Buffer bytes of all `GroupQuantiles` together.
    let quantiles: Int
    /// Buffer bytes of each `GroupQuantiles` (one per quantile column).
    let quantilesEach: Int
    /// Most bytes the join's build side may hold (0 without a join).
    let joinLimit: Int

    init(total: Int, joins: Bool, quantileColumns: Int) {
        self.total = total
        quantiles = quantileColumns > 0 ? total / 4 : 0
        quantilesEach = quantileColumns > 0 ? quantiles / quantileColumns : 0
        joinLimit = joins ? (total - quantiles) / 2 : 0
    }

    /// The aggregate's share once the build side holds `joinBytes`.
    func aggregate(afterJoin joinBytes: Int) -> Int {
        Swift.max(0, total - quantiles - joinBytes)
    }
}
