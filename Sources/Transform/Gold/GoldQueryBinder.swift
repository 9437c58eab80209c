import Parquet

/// Resolves a `GoldQuery`'s names against its input schemas and records which columns each
/// input must provide (in order of first use), for `GoldQuery.bind`.
struct GoldQueryBinder {
    private struct Candidate {
        var side: GoldColumnRef.Side
        var column: Int
    }

    private let left: ParquetSchema
    private let right: ParquetSchema
    /// Joined-row name → the input columns carrying it (more than one: ambiguous).
    private var joinedNames: [String: [Candidate]] = [:]
    private var leftRead: [Int] = []
    private var rightRead: [Int] = []
    private var leftReadPosition: [Int: Int] = [:]
    private var rightReadPosition: [Int: Int] = [:]
    /// The aggregate's input columns so far, and their schema under joined-row names.
    private var working: [GoldColumnRef] = []
    private var workingColumns: [ParquetColumn] = []

    init(left: ParquetSchema, right: ParquetSchema?, join: GoldQuery.Join?) throws {
        if join != nil && right == nil {
            throw TransformError.invalidQuery(field: "join", message: "the query joins but no right-side schema was given")
        }
        if join == nil && right != nil {
            throw TransformError.invalidQuery(field: "join", message: "a right-side schema was given but the query has no join")
        }
        self.left = left
        self.right = right ?? ParquetSchema([])
        let leftNames = Set(left.columns.map(\.name))
        for (index, column) in left.columns.enumerated() {
            joinedNames[column.name, default: []].append(Candidate(side: .left, column: index))
        }
        if let join, let right {
            for (index, column) in right.columns.enumerated() {
                let name = leftNames.contains(column.name) ? join.clashPrefix + column.name : column.name
                joinedNames[name, default: []].append(Candidate(side: .right, column: index))
            }
        }
    }

    mutating func bind(_ query: GoldQuery) throws -> BoundGoldQuery {
        let join = try query.join.map { try bindJoin($0) }

        let (leftConditions, rightConditions) = try bindConditions(query.conditions)

        var outputNames = Set<String>()
        var groupBy: [Int] = []
        for (index, name) in query.groupBy.enumerated() {
            let field = "group_by[\(index)]"
            let (ref, column) = try resolve(name, field: field)
            guard column.type.isScalar else {
                throw TransformError.invalidQuery(field: field, message: "cannot group by column '\(name)' of type \(column.type.name)")
            }
            guard outputNames.insert(name).inserted else {
                throw TransformError.invalidQuery(field: field, message: "'\(name)' is listed twice")
            }
            groupBy.append(workingPosition(ref, column, name: name))
        }

        var aggregateMetrics: [AggregateMetric] = []
        var quantileSets: [QuantileSet] = []
        var sources: [MetricSource] = []
        for metric in query.metrics {
            let field = "metrics.\(metric.name)"
            guard outputNames.insert(metric.name).inserted else {
                throw TransformError.invalidQuery(field: field, message: "'\(metric.name)' names another output column too (a group_by column or metric)")
            }
            var position = 0
            var column: ParquetColumn?
            if let name = metric.function.column {
                let resolved = try resolve(name, field: field)
                position = workingPosition(resolved.ref, resolved.column, name: name)
                column = resolved.column
            }
            func reject(_ what: String) -> TransformError {
                let described = column.map { "column '\(metric.function.column ?? $0.name)' of type \($0.type.name)" } ?? "no column"
                return TransformError.invalidQuery(field: field, message: "\(what) is not defined for \(described)")
            }
            let type = column?.type
            let isNumeric = type == .int64 || type == .int32 || type == .double
            let function: AggregateFunction
            switch metric.function {
            case .countAll:
                function = .countAll
            case .count:
                function = .count(position)
            case .countDistinct:
                guard type?.isScalar == true else { throw reject("count_distinct") }
                function = .countDistinct(position)
            case .sum:
                guard isNumeric else { throw reject("sum") }
                function = .sum(position)
            case .avg:
                guard isNumeric else { throw reject("avg") }
                function = .avg(position)
            case .min:
                guard type?.isScalar == true else { throw reject("min") }
                function = .min(position)
            case .max:
                guard type?.isScalar == true else { throw reject("max") }
                function = .max(position)
            case .quantile(_, let fraction):
                guard isNumeric else { throw reject(fraction == 0.5 ? "median" : "percentile") }
                guard fraction >= 0 && fraction <= 1 else {
                    throw TransformError.invalidQuery(field: field, message: "the quantile \(fraction) is not between 0 and 1")
                }
                if let set = quantileSets.firstIndex(where: { $0.column == position }) {
                    quantileSets[set].fractions.append(fraction)
                    sources.append(.quantile(set: set, slot: quantileSets[set].fractions.count - 1))
                } else {
                    quantileSets.append(QuantileSet(column: position, fractions: [fraction]))
                    sources.append(.quantile(set: quantileSets.count - 1, slot: 0))
                }
                continue
            }
            sources.append(.aggregate(groupBy.count + aggregateMetrics.count))
            aggregateMetrics.append(AggregateMetric(name: metric.name, function: function))
        }
        if query.groupBy.isEmpty && query.metrics.isEmpty {
            throw TransformError.invalidQuery(field: "metrics", message: "a query needs group_by columns, metrics or both")
        }

        // A batch with no columns has no rows: a placeholder keeps the row count for count(*).
        let aggregateInput = ParquetSchema(workingColumns.isEmpty ? [ParquetColumn(name: "_rows", type: .boolean, nullable: true)] : workingColumns)
        let spec = AggregateSpec(groupBy: groupBy, metrics: aggregateMetrics)
        // HashAggregate decides its output types; ask it rather than restate its rules here.
        let aggregateOutput: ParquetSchema
        do {
            aggregateOutput = try HashAggregate(spec: spec, inputSchema: aggregateInput, memoryBudgetBytes: .max,
                                                seed: DigestSeed(a: 0, b: 0)).outputSchema
        } catch TransformError.invalidAggregate(let metric, let message) {
            throw TransformError.invalidQuery(field: metric == "group_by" ? "group_by" : "metrics.\(metric)", message: message)
        }

        var output = Array(aggregateOutput.columns[0..<groupBy.count])
        for (metric, source) in zip(query.metrics, sources) {
            switch source {
            case .aggregate(let position): output.append(aggregateOutput.columns[position])
            case .quantile: output.append(ParquetColumn(name: metric.name, type: .double, nullable: true))
            }
        }

        let order = try bindOrder(query.orderBy, output: output)
        if let limit = query.limit, limit < 0 {
            throw TransformError.invalidQuery(field: "limit", message: "\(limit) is negative")
        }

        var equality = Set(groupBy)
        for metric in aggregateMetrics { if case .countDistinct(let position) = metric.function { equality.insert(position) } }
        let equalityDoubles = equality.filter { workingColumns[$0].type == .double }.sorted()

        var boundJoin = join
        boundJoin?.unmatchedPassesRightConditions = rightConditions.allSatisfy { $0.condition.op == .isNull }
        return BoundGoldQuery(
            outputSchema: ParquetSchema(output),
            leftColumns: leftRead.map { left.columns[$0].name }, rightColumns: rightRead.map { right.columns[$0].name },
            leftTypes: leftRead.map { left.columns[$0].type }, rightTypes: rightRead.map { right.columns[$0].type },
            join: boundJoin, leftConditions: leftConditions, rightConditions: rightConditions,
            working: working, aggregateInput: aggregateInput, equalityDoubles: equalityDoubles, aggregateSpec: spec, quantileSets: quantileSets,
            metricSources: sources, order: order, limit: query.limit)
    }

    private mutating func bindConditions(_ conditions: [GoldQuery.Condition]) throws -> (left: [ColumnPredicate], right: [ColumnPredicate]) {
        var left: [ColumnPredicate] = []
        var right: [ColumnPredicate] = []
        for (index, condition) in conditions.enumerated() {
            let field = "where[\(index)]"
            let (ref, column) = try resolve(condition.column, field: field)
            guard let type = Self.conditionType(column.type) else {
                throw TransformError.invalidQuery(field: field, message: "column '\(condition.column)' is a \(column.type.name); conditions need a scalar column")
            }
            let bound: RowCondition
            do {
                bound = try RowCondition(column: ref.index, name: condition.column, type: type, op: condition.op, values: condition.values)
            } catch TransformError.invalidCondition(let message) {
                throw TransformError.invalidQuery(field: field, message: message)
            }
            let predicate = ColumnPredicate(bound, type: type, values: condition.values)
            if ref.side == .left { left.append(predicate) } else { right.append(predicate) }
        }
        return (left, right)
    }

    private func bindOrder(_ orderBy: [GoldQuery.Order], output: [ParquetColumn]) throws -> [OutputOrder] {
        try orderBy.enumerated().map { index, key in
            guard let column = output.firstIndex(where: { $0.name == key.column }) else {
                throw TransformError.invalidQuery(field: "order_by[\(index)]",
                                                  message: "'\(key.column)' is not an output column (a group_by column or metric)")
            }
            return OutputOrder(column: column, descending: key.descending)
        }
    }

    /// The position of `ref` among the aggregate's input columns, added when new.
    private mutating func workingPosition(_ ref: GoldColumnRef, _ column: ParquetColumn, name: String) -> Int {
        if let position = working.firstIndex(of: ref) { return position }
        working.append(ref)
        workingColumns.append(ParquetColumn(name: name, type: column.type, nullable: true))
        return working.count - 1
    }

    private mutating func bindJoin(_ join: GoldQuery.Join) throws -> BoundJoin {
        guard !join.keys.isEmpty else {
            throw TransformError.invalidQuery(field: "join.on", message: "a join needs at least one key column pair")
        }
        var keys: [BoundJoinKey] = []
        for pair in join.keys {
            let field = "join.on.\(pair.left)"
            guard let leftIndex = left.columns.firstIndex(where: { $0.name == pair.left }) else {
                throw TransformError.invalidQuery(field: field, message: "'\(pair.left)' is not a column of the left input")
            }
            guard let rightIndex = right.columns.firstIndex(where: { $0.name == pair.right }) else {
                throw TransformError.invalidQuery(field: field, message: "'\(pair.right)' is not a column of the right input")
            }
            let leftType = left.columns[leftIndex].type, rightType = right.columns[rightIndex].type
            guard leftType.isScalar && rightType.isScalar else {
                throw TransformError.invalidQuery(field: field, message: "cannot join on a list column ('\(pair.left)' is \(leftType.name), '\(pair.right)' is \(rightType.name))")
            }
            let isInteger: (ParquetType) -> Bool = { $0 == .int32 || $0 == .int64 }
            let widen = leftType != rightType && isInteger(leftType) && isInteger(rightType)
            guard leftType == rightType || widen else {
                throw TransformError.invalidQuery(field: field, message: "key types differ: '\(pair.left)' is \(leftType.name), '\(pair.right)' is \(rightType.name)")
            }
            keys.append(BoundJoinKey(left: use(.left, leftIndex).index, right: use(.right, rightIndex).index,
                                     widenLeft: widen && leftType == .int32, widenRight: widen && rightType == .int32))
        }
        return BoundJoin(kind: join.kind, keys: keys, unmatchedPassesRightConditions: true)
    }

    /// The joined-row column `name`, registered as read.
    private mutating func resolve(_ name: String, field: String) throws -> (ref: GoldColumnRef, column: ParquetColumn) {
        let candidates = joinedNames[name] ?? []
        guard let candidate = candidates.first else {
            throw TransformError.invalidQuery(field: field, message: "'\(name)' is not a column of the input")
        }
        guard candidates.count == 1 else {
            throw TransformError.invalidQuery(field: field, message: "'\(name)' is ambiguous: a left column and a prefixed right column share the name")
        }
        let schema = candidate.side == .left ? left : right
        return (use(candidate.side, candidate.column), schema.columns[candidate.column])
    }

    private mutating func use(_ side: GoldColumnRef.Side, _ column: Int) -> GoldColumnRef {
        switch side {
        case .left:
            if let position = leftReadPosition[column] { return GoldColumnRef(side: .left, index: position) }
            leftRead.append(column)
            leftReadPosition[column] = leftRead.count - 1
            return GoldColumnRef(side: .left, index: leftRead.count - 1)
        case .right:
            if let position = rightReadPosition[column] { return GoldColumnRef(side: .right, index: position) }
            rightRead.append(column)
            rightReadPosition[column] = rightRead.count - 1
            return GoldColumnRef(side: .right, index: rightRead.count - 1)
        }
    }

    /// How a condition reads its values for a column of `type`; nil for lists.
    static func conditionType(_ type: ParquetType) -> SilverType? {
        switch type {
        case .string: return .string
        case .int64, .int32: return .int64
        case .double: return .double
        case .boolean: return .boolean
        case .date: return .date(.isoDate)
        case .timestampMicros: return .timestamp(nil)
        case .list: return nil
        }
    }
}
