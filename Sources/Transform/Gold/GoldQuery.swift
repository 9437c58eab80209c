import Parquet

/// A Gold table as a query over one Silver table, optionally joined to another:
/// SELECT group_by, metrics FROM left [JOIN right] WHERE conditions GROUP BY group_by ORDER BY … LIMIT …
///
/// Names in `conditions`, `groupBy` and metrics are names in the joined row: the left columns,
/// then the right ones, a right column whose name is also a left column's under
/// `join.clashPrefix` + its name (the right key columns too).
public struct GoldQuery: Sendable {
    /// `inner` drops left rows without a match; `left` keeps them with right columns NULL.
    public enum JoinKind: String, Sendable { case inner, left }

    /// An equi-join on every key pair; NULL keys never match.
    public struct Join: Sendable {
        /// Left column → right column, each named as in its own input.
        public var keys: [(left: String, right: String)]
        public var kind: JoinKind
        /// Prefix given to right-side columns whose names clash with left ones, e.g. "nsde_".
        public var clashPrefix: String

        public init(keys: [(left: String, right: String)], kind: JoinKind, clashPrefix: String) {
            self.keys = keys
            self.kind = kind
            self.clashPrefix = clashPrefix
        }
    }

    /// One `where` condition; conditions combine with AND.
    public struct Condition: Sendable {
        /// A name in the joined row (right clashing columns under their prefixed name).
        public var column: String
        /// How the column's value is compared with `values`.
        public var op: RowCondition.Operator
        /// Text, typed against the column (dates YYYY-MM-DD, timestamps RFC 3339); none for
        /// is null/is not null; a list for in.
        public var values: [String]

        public init(column: String, op: RowCondition.Operator, values: [String]) {
            self.column = column
            self.op = op
            self.values = values
        }
    }

    /// An aggregate over the rows of a group, as DuckDB computes it.
    public enum Function: Sendable, Equatable {
        case countAll, count(String), countDistinct(String), sum(String), avg(String), min(String), max(String)
        /// quantile_cont(col, q); median = .quantile(col, 0.5)
        case quantile(String, Double)

        /// The column the function reads; nil for `count(*)`.
        public var column: String? {
            switch self {
            case .countAll: return nil
            case .count(let c), .countDistinct(let c), .sum(let c), .avg(let c), .min(let c), .max(let c), .quantile(let c, _): return c
            }
        }
    }

    /// A named output column.
    public struct Metric: Sendable {
        /// The output column's name.
        public var name: String
        public var function: Function

        public init(name: String, function: Function) {
            self.name = name
            self.function = function
        }
    }

    /// One sort key, naming an output column. Nulls come last in both directions, as in DuckDB.
    public struct Order: Sendable {
        /// An output column's name (a group_by column or metric).
        public var column: String
        public var descending: Bool

        public init(column: String, descending: Bool) {
            self.column = column
            self.descending = descending
        }
    }

    /// The right input and how rows pair with it; nil reads the left input alone.
    public var join: Join?
    /// `where`: rows of the joined row set for which every condition holds.
    public var conditions: [Condition]
    /// Names in the joined row; no group_by gives exactly one output row.
    public var groupBy: [String]
    /// Output order: group_by columns, then metrics in this order.
    public var metrics: [Metric]
    /// Names of output columns (group_by or metric names).
    public var orderBy: [Order]
    /// The most rows output, after ordering.
    public var limit: Int?

    public init(join: Join?, conditions: [Condition], groupBy: [String], metrics: [Metric], orderBy: [Order], limit: Int?) {
        self.join = join
        self.conditions = conditions
        self.groupBy = groupBy
        self.metrics = metrics
        self.orderBy = orderBy
        self.limit = limit
    }

    /// Checks the query against the Silver schemas (right required iff join != nil) and fixes what
    /// is read and produced. Throws TransformError.invalidQuery(field:message:) naming the field:
    /// "join.on.<left>" (unknown left/right key column, or key types differ, or a list column),
    /// "where[<i>]" (unknown column, value not of the column's type, list column),
    /// "group_by[<i>]" (unknown or list column), "metrics.<name>" (unknown column; sum/avg of a
    /// non-numeric column; median/percentile of a non-numeric column; min/max of a list),
    /// "order_by[<i>]" (not an output column), "metrics.<name>" for an output name clash.
    /// Also "join" (a right schema without a join or the reverse), "join.on" (no key pairs),
    /// "limit" (negative) and "metrics" (neither group_by nor metrics).
    public func bind(left: ParquetSchema, right: ParquetSchema?) throws -> BoundGoldQuery {
        var binder = try GoldQueryBinder(left: left, right: right, join: join)
        return try binder.bind(self)
    }
}
