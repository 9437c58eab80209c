import StateMachine
import Transform

/// Builds the Silver plan of one run from the dataset config and what Bronze found: Silver
/// names, declared or inferred types, expectations bound to columns. Every mismatch between
/// config and source is a config error naming the columns.
enum SilverPlanner {
    /// `shapes` tells how JSON-text source columns nest (from `NestedDiscovery`); objects
    /// flatten into `parent_child` columns and arrays of scalars become lists.
    static func plan(config: DatasetConfig, bronzeColumns: [String], profiles: [ColumnProfile],
                     shapes: [String: NestedShape] = [:]) throws -> SilverPlan {
        let silver = config.silver
        func invalid(_ message: String) -> TaskFailure {
            TaskFailure(error: StepError.configInvalid, cause: "\(config.file): \(message)")
        }
        var origins: [String: String] = [:]
        var columns: [SilverPlan.Column] = []
        let inferred = Dictionary(profiles.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        func add(source: String, path: [String], inferredType: SilverType, inferredList: Bool) throws {
            let name = ColumnNaming.snakeCase(([source] + path).joined(separator: "_"))
            let origin = ([source] + path).joined(separator: ".")
            if let other = origins[name] {
                throw invalid("source columns '\(other)' and '\(origin)' both become Silver column '\(name)'; rename one in the source")
            }
            origins[name] = origin
            let declared = silver?.columns[name]
            let isList = declared?.isList ?? inferredList
            let type = declared?.type ?? (isList == inferredList ? inferredType : .string)
            columns.append(SilverPlan.Column(source: source, path: path, name: name, type: type, isList: isList))
        }
        for source in bronzeColumns {
            let declared = silver?.columns[ColumnNaming.snakeCase(source)]
            switch declared?.keepsJSON == true ? nil : shapes[source] {
            case .object(let fields)?:
                for field in fields { try add(source: source, path: field.path, inferredType: field.type, inferredList: field.isList) }
            case .list(let element)?:
                try add(source: source, path: [], inferredType: element, inferredList: true)
            case nil:
                try add(source: source, path: [], inferredType: inferredType(inferred[source]), inferredList: false)
            }
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
        // Whether an expectation or order_by fits its column's type is checked where the plan is
        // bound (SilverTransform), which the step reports as a config error of this file.
        return SilverPlan(columns: columns, keys: silver?.keys ?? [], orderBy: silver?.orderBy,
                          expectations: silver?.expectations ?? [])
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
