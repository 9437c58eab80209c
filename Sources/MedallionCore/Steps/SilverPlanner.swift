import StateMachine
import Transform

/// Builds the Silver plan of one run from the dataset config and what Bronze found: Silver
/// names, declared or inferred types, expectations bound to columns. Every mismatch between
/// config and source is a config error naming the columns.
enum SilverPlanner {
    static func plan(config: DatasetConfig, bronzeColumns: [String], profiles: [ColumnProfile]) throws -> SilverPlan {
        let silver = config.silver
        func invalid(_ message: String) -> TaskFailure {
            TaskFailure(error: StepError.configInvalid, cause: "\(config.file): \(message)")
        }
        var bySilverName: [String: String] = [:]
        var columns: [SilverPlan.Column] = []
        let inferred = Dictionary(profiles.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        for source in bronzeColumns {
            let name = ColumnNaming.snakeCase(source)
            if let other = bySilverName[name] {
                throw invalid("source columns '\(other)' and '\(source)' both become Silver column '\(name)'; rename one in the source")
            }
            bySilverName[name] = source
            let type = silver?.columns[name]?.type ?? inferredType(inferred[source])
            columns.append(SilverPlan.Column(source: source, name: name, type: type))
        }
        let known = Set(columns.map(\.name))
        func require(_ name: String, _ key: String) throws {
            guard known.contains(name) else {
                throw invalid("\(key): column '\(name)' is not in the source (Silver columns: \(columns.map(\.name).joined(separator: ", ")))")
            }
        }
        for name in (silver?.columns.keys).map(Array.init)?.sorted() ?? [] { try require(name, "silver.columns") }
        for key in silver?.keys ?? [] { try require(key, "silver.keys") }
        if let orderBy = silver?.orderBy { try require(orderBy, "silver.order_by") }
        for (index, expectation) in (silver?.expectations ?? []).enumerated() {
            try require(expectation.column, "silver.expectations[\(index)] '\(expectation.name)'")
        }
        let plan = SilverPlan(columns: columns, keys: silver?.keys ?? [], orderBy: silver?.orderBy,
                              expectations: silver?.expectations ?? [])
        if let orderBy = plan.orderBy, let column = columns.first(where: { $0.name == orderBy }), case .string = column.type {
            throw invalid("silver.order_by: '\(orderBy)' is a string column; declare it in silver.columns with a type that orders (int64, double, boolean, date, timestamp)")
        }
        for expectation in plan.expectations {
            guard let column = columns.first(where: { $0.name == expectation.column }) else { continue }
            do {
                try expectation.validate(columnType: column.type)
            } catch {
                throw invalid("silver.expectations: \(error)")
            }
        }
        return plan
    }

    /// Inference and the casts agree on every form they accept, so an inferred type never
    /// turns a value into null.
    static func inferredType(_ type: ColumnProfile.InferredType?) -> SilverType {
        switch type {
        case .int64?: return .int64
        case .double?: return .double
        case .boolean?: return .boolean
        case .date?: return .date(.isoDate)
        case .timestamp?: return .timestamp(nil)
        case .string?, nil: return .string
        }
    }
}
