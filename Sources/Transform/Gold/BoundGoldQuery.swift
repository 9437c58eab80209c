import Parquet

/// A `GoldQuery` checked against its input schemas, with every name resolved to a column
/// position: what `GoldExecutor.run` executes. Made by `GoldQuery.bind(left:right:)`.
public struct BoundGoldQuery: Sendable {
    /// Output columns: group_by (input names and types, nullable) then metrics in query order.
    public let outputSchema: ParquetSchema
    /// Columns read from the left and right inputs (only what the query uses).
    public let leftColumns: [String]
    /// Columns read from the right input (empty without a join): join keys and what the
    /// query uses, under their names in that input.
    public let rightColumns: [String]

    /// Types of `leftColumns` / `rightColumns`, which every input file must match.
    let leftTypes: [ParquetType]
    let rightTypes: [ParquetType]
    let join: BoundJoin?
    /// Conditions on left columns (indices into `leftColumns`), applied before the join.
    let leftConditions: [ColumnPredicate]
    /// Conditions on right columns (indices into `rightColumns`), judged on the build side.
    let rightConditions: [ColumnPredicate]
    /// The aggregate's input columns, in the order of `aggregateInput`: the group_by columns
    /// and the metrics' columns of the joined row.
    let working: [GoldColumnRef]
    /// Columns `working` feeds to `HashAggregate`; one placeholder column when `working` is
    /// empty, so that a batch still carries its row count for `count(*)`.
    let aggregateInput: ParquetSchema
    /// Double columns of `aggregateInput` that are compared for equality (group_by keys,
    /// count_distinct arguments), whose NaNs must be made one value first.
    let equalityDoubles: [Int]
    /// The metrics `HashAggregate` computes (all but quantiles), over `aggregateInput`.
    let aggregateSpec: AggregateSpec
    /// Quantile metrics, one set per input column.
    let quantileSets: [QuantileSet]
    /// Where each metric's output column comes from, in query order.
    let metricSources: [MetricSource]
    /// Sort keys over output column positions.
    let order: [OutputOrder]
    let limit: Int?
}

/// A column of the joined row: which input, and its position among that input's read columns.
struct GoldColumnRef: Sendable, Equatable {
    enum Side: Sendable { case left, right }
    var side: Side
    var index: Int
}

/// The join of a bound query: key positions among the read columns.
struct BoundJoin: Sendable {
    var kind: GoldQuery.JoinKind
    var keys: [BoundJoinKey]
    /// Whether a left row without a match (right columns NULL) passes the right-side
    /// conditions: only when every one of them is `is null`.
    var unmatchedPassesRightConditions: Bool
}

/// One key pair; an int32 side compared with an int64 one is widened before hashing.
struct BoundJoinKey: Sendable {
    var left: Int
    var right: Int
    var widenLeft: Bool
    var widenRight: Bool
}

/// `quantile_cont` fractions over one numeric column of the aggregate's input.
struct QuantileSet: Sendable {
    /// Position in `BoundGoldQuery.aggregateInput`.
    var column: Int
    var fractions: [Double]
}

/// Where a metric's values come from.
enum MetricSource: Sendable {
    /// The output column of `HashAggregate` at this position.
    case aggregate(Int)
    /// Slot `slot` of quantile set `set`.
    case quantile(set: Int, slot: Int)
}

/// One sort key of the output.
struct OutputOrder: Sendable {
    var column: Int
    var descending: Bool
}
