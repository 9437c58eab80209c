/// One aggregate over the rows of a group, as DuckDB computes it. Column arguments are
/// indices into the input batches' columns.
public enum AggregateFunction: Sendable, Equatable {
    /// `count(*)`: rows in the group (int64, never null).
    case countAll
    /// `count(col)`: non-null values (int64, never null).
    case count(Int)
    /// `count(DISTINCT col)`: distinct non-null values (int64, never null).
    case countDistinct(Int)
    /// `sum(col)` of an int32/int64 column (int64; DuckDB returns HUGEINT, see `HashAggregate`)
    /// or of a double column (double); null when the group has no non-null value.
    case sum(Int)
    /// `avg(col)` of an int32/int64/double column (double); null without non-null values.
    case avg(Int)
    /// `min(col)` of any scalar column (same type); strings compare byte-wise, NaN is greatest.
    case min(Int)
    /// `max(col)`, as `min`.
    case max(Int)

    /// The column the function reads, if any.
    public var column: Int? {
        switch self {
        case .countAll: return nil
        case .count(let c), .countDistinct(let c), .sum(let c), .avg(let c), .min(let c), .max(let c): return c
        }
    }

    /// The SQL spelling, for messages.
    public var sqlName: String {
        switch self {
        case .countAll: return "count(*)"
        case .count: return "count"
        case .countDistinct: return "count_distinct"
        case .sum: return "sum"
        case .avg: return "avg"
        case .min: return "min"
        case .max: return "max"
        }
    }
}

/// A named output column computed by an `AggregateFunction`.
public struct AggregateMetric: Sendable, Equatable {
    public var name: String
    public var function: AggregateFunction

    public init(name: String, function: AggregateFunction) {
        self.name = name
        self.function = function
    }
}

/// What `HashAggregate` computes: `SELECT <groupBy columns>, <metrics> FROM input GROUP BY
/// <groupBy columns>`. Without `groupBy` the output is exactly one row.
public struct AggregateSpec: Sendable, Equatable {
    /// Indices into the input batches' columns; output keeps their names and types.
    public var groupBy: [Int]
    /// Output columns after the keys, in this order.
    public var metrics: [AggregateMetric]

    public init(groupBy: [Int], metrics: [AggregateMetric]) {
        self.groupBy = groupBy
        self.metrics = metrics
    }
}
