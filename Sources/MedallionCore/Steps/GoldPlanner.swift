import Parquet
import Transform

/// Turns a Gold table of the dataset config into the `GoldQuery` Transform runs, and the
/// query's binding errors into config errors naming the file, the table and the field.
enum GoldPlanner {
    /// The dataset whose Silver `reference` (`silver:<name>`, nil for the table's own) names.
    static func dataset(_ reference: String?, own: String) -> String {
        reference.map { String($0.dropFirst("silver:".count)) } ?? own
    }

    static func query(for table: GoldTable, dataset: String) -> GoldQuery {
        let join = table.join.map { join in
            GoldQuery.Join(keys: join.on, kind: join.kind == .left ? .left : .inner,
                           clashPrefix: "\(Self.dataset(join.with, own: dataset))_")
        }
        let metrics = table.metrics.map { metric -> GoldQuery.Metric in
            let column = metric.column ?? ""
            let function: GoldQuery.Function
            switch metric.function {
            case .count: function = metric.column == nil ? .countAll : .count(column)
            case .countDistinct: function = .countDistinct(column)
            case .sum: function = .sum(column)
            case .avg: function = .avg(column)
            case .min: function = .min(column)
            case .max: function = .max(column)
            case .median, .percentile: function = .quantile(column, metric.quantile ?? 0.5)
            }
            return GoldQuery.Metric(name: metric.name, function: function)
        }
        return GoldQuery(join: join,
                         conditions: table.filters.map { GoldQuery.Condition(column: $0.column, op: $0.op, values: $0.values) },
                         groupBy: table.groupBy, metrics: metrics,
                         orderBy: table.orderBy.map { GoldQuery.Order(column: $0.column, descending: $0.descending) },
                         limit: table.limit)
    }

    /// Binds `table` (the `index`-th of `config`) to its inputs' schemas; throws `ConfigError`.
    static func bind(_ table: GoldTable, index: Int, config: DatasetConfig,
                     left: ParquetSchema, right: ParquetSchema?) throws -> BoundGoldQuery {
        do {
            return try query(for: table, dataset: config.name).bind(left: left, right: right)
        } catch let TransformError.invalidQuery(field, message) {
            throw ConfigError.invalid(file: config.file, keyPath: "gold.tables[\(index)].\(field)",
                                      message: "table '\(table.name)': \(message)")
        }
    }
}
