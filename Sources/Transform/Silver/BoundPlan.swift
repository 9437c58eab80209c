import Parquet

/// A plan (or the part of it one pass needs) bound to column positions: the Bronze columns to
/// read, a caster per column, compiled expectations, key and order positions.
struct BoundPlan {
    let plan: SilverPlan
    let sources: [String]
    let projection: [String]
    let casters: [ColumnCaster]
    let expectations: [CompiledExpectation]
    let keyColumns: [Int]
    let orderColumn: Int?

    init(_ plan: SilverPlan) throws {
        self.plan = plan
        sources = plan.sources
        projection = sources + plan.lineage
        casters = plan.columns.map { ColumnCaster(type: $0.type) }
        expectations = try plan.expectations.map { try CompiledExpectation($0, plan: plan) }
        keyColumns = try plan.keys.map { try plan.columnIndex($0) }
        orderColumn = try plan.orderBy.map { try plan.columnIndex($0) }
    }

    /// Only the columns named (plan order kept), with the expectations on them; keys and order
    /// stay when their columns do.
    static func restricted(_ plan: SilverPlan, to names: Set<String>, expectations: [Expectation]) throws -> BoundPlan {
        var subset = plan
        subset.columns = plan.columns.filter { names.contains($0.name) }
        subset.expectations = expectations
        subset.keys = plan.keys.filter { names.contains($0) }
        subset.orderBy = plan.orderBy.flatMap { names.contains($0) ? $0 : nil }
        return try BoundPlan(subset)
    }

    func clean(_ batch: ColumnBatch, threads: Int) throws -> CleanBatch {
        try CleanBatch.make(from: batch, plan: plan, sources: sources, casters: casters, threads: threads)
    }
}
