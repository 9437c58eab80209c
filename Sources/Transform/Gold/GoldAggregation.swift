import Foundation
import Parquet

/// The GROUP BY of a Gold query: `HashAggregate` for every metric but the quantiles, and one
/// `GroupQuantiles` per quantile column fed the aggregate's group of every row, so both
/// share the group numbering. Output columns in query order.
final class GoldAggregation {
    private let query: BoundGoldQuery
    private let aggregate: HashAggregate
    private let quantiles: [GroupQuantiles]
    /// The whole query's budget, cited when the aggregate outgrows its share (the setting to
    /// raise is the whole budget).
    private let budgetBytes: Int

    init(_ query: BoundGoldQuery, shares: GoldMemoryShares, joinBytes: Int, spillDirectory: URL, seed: DigestSeed) throws {
        self.query = query
        budgetBytes = shares.total
        aggregate = try HashAggregate(spec: query.aggregateSpec, inputSchema: query.aggregateInput,
                                      memoryBudgetBytes: shares.aggregate(afterJoin: joinBytes), seed: seed)
        if !query.quantileSets.isEmpty {
            // Only a spill needs the directory: if it cannot be made, the first spill reports
            // why, and a query whose quantiles fit in memory runs regardless.
            try? FileManager.default.createDirectory(at: spillDirectory, withIntermediateDirectories: true)
        }
        quantiles = query.quantileSets.map {
            GroupQuantiles(quantiles: $0.fractions, budgetBytes: shares.quantilesEach, spillDirectory: spillDirectory)
        }
    }

    /// Folds one batch of `query.aggregateInput` columns into the groups.
    func add(_ input: ColumnBatch) throws {
        try add(input.columns.map { .values($0) }, rowCount: input.rowCount)
    }

    /// Folds `rowCount` rows of `query.aggregateInput` columns, dictionary-coded or not.
    func add(_ input: [DecodedColumn], rowCount: Int) throws {
        var columns = input
        for position in query.equalityDoubles {
            switch columns[position] {
            case .values(let values):
                columns[position] = .values(values.withCanonicalNaNs)
            case .dictionaryCoded(let coded):
                columns[position] = .dictionaryCoded(DictionaryCodedColumn(dictionary: coded.dictionary.withCanonicalNaNs, codes: coded.codes))
            }
        }
        let sets = query.quantileSets, quantiles = quantiles
        do {
            try aggregate.add(columns: columns, rowCount: rowCount) { groups in
                for (set, quantiles) in zip(sets, quantiles) {
                    try Self.feed(columns[set.column].materialized, groups: groups, into: quantiles)
                }
            }
        } catch TransformError.memoryBudgetExceeded(let name, _) {
            throw TransformError.memoryBudgetExceeded(operator: name, budgetBytes: budgetBytes)
        }
    }

    private static func feed(_ column: ColumnValues, groups: UnsafeBufferPointer<Int32>, into quantiles: GroupQuantiles) throws {
        switch column {
        case .doubles(let values):
            for row in values.indices { if let x = values[row] { try quantiles.add(group: Int(groups[row]), value: x) } }
        case .int64s(let values):
            for row in values.indices { if let x = values[row] { try quantiles.add(group: Int(groups[row]), value: Double(x)) } }
        case .int32s(let values):
            for row in values.indices { if let x = values[row] { try quantiles.add(group: Int(groups[row]), value: Double(x)) } }
        default:
            preconditionFailure("quantiles of a \(column.parquetType.name) column (bind admits numbers only)")
        }
    }

    /// Sorted runs the quantile buffers have written to disk so far.
    var spilledRuns: Int { quantiles.reduce(0) { $0 + $1.spilledRuns } }

    /// One row per group (exactly one without group_by): group_by columns, then the metrics.
    func finish() throws -> ColumnBatch {
        let (_, result) = try aggregate.finish()
        let groups = aggregate.groups
        let perSet = try quantiles.map { try $0.finish(groups: groups) }
        var columns = Array(result.columns[0..<query.aggregateSpec.groupBy.count])
        for source in query.metricSources {
            switch source {
            case .aggregate(let position):
                columns.append(result.columns[position])
            case .quantile(let set, let slot):
                columns.append(.doubles(perSet[set].prefix(groups).map { $0[slot] }))
            }
        }
        return ColumnBatch(columns)
    }
}
