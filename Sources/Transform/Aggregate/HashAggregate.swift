import Parquet

/// `SELECT <keys>, <metrics> FROM input GROUP BY <keys>` over batches, with DuckDB's
/// semantics: groups are the exact typed key values, NULL a group of its own (and -0.0 one
/// group with 0.0); without keys exactly one row, even for no input (counts 0, the rest NULL);
/// nulls are skipped by every function but `count(*)`, and a group without non-null values
/// gets NULL (`count` 0).
///
/// Departures from DuckDB: `sum` of integers is int64, not HUGEINT, and throws
/// `TransformError.aggregateOverflow` rather than wrapping; groups are told apart by a 128-bit
/// seeded digest of their keys (two distinct keys merge with probability about n²/2¹²⁹).
///
/// Memory: per group the key values plus fixed-size accumulators (struct-of-arrays per
/// metric), plus for `count_distinct` a digest per distinct (group, value) and for string
/// `min`/`max` the current value. When the estimate passes `memoryBudgetBytes`, `add` throws
/// `TransformError.memoryBudgetExceeded` (nothing spills). After `add` throws, discard the
/// aggregate: its state is partly updated.
///
/// Output: the key columns (input names and types, nullable), then the metrics in spec order;
/// groups in first-seen order.
public final class HashAggregate {
    public let spec: AggregateSpec
    /// The output columns.
    public let outputSchema: ParquetSchema

    private let inputSchema: ParquetSchema
    private let memoryBudgetBytes: Int
    private let digester: RowDigester
    private var table = GroupKeyTable()
    private var keys: [GroupKeyColumn]
    private let accumulators: [any Accumulator]
    private let fixedBytesPerGroup: Int
    private var groupCount = 0
    private var groupOfRow: [Int32] = []

    /// Checks the spec against `inputSchema`: every column index in range, keys scalar, each
    /// function defined for its column's type, output names distinct.
    public init(spec: AggregateSpec, inputSchema: ParquetSchema, memoryBudgetBytes: Int, seed: DigestSeed = .random()) throws {
        self.spec = spec
        self.inputSchema = inputSchema
        self.memoryBudgetBytes = memoryBudgetBytes
        digester = RowDigester(seed: seed)
        let columns = inputSchema.columns
        if spec.groupBy.isEmpty && spec.metrics.isEmpty {
            throw TransformError.invalidAggregate(metric: "group_by", message: "an aggregate needs group_by columns or metrics")
        }
        var output: [ParquetColumn] = []
        for index in spec.groupBy {
            guard columns.indices.contains(index) else {
                throw TransformError.invalidAggregate(metric: "group_by", message: "column index \(index) is not in the input (\(columns.count) columns)")
            }
            guard columns[index].type.isScalar else {
                throw TransformError.invalidAggregate(metric: "group_by", message: "cannot group by column '\(columns[index].name)' of type \(columns[index].type.name)")
            }
            output.append(ParquetColumn(name: columns[index].name, type: columns[index].type, nullable: true))
        }
        var accumulators: [any Accumulator] = []
        for metric in spec.metrics {
            let function = metric.function
            var column: ParquetColumn?
            if let index = function.column {
                guard columns.indices.contains(index) else {
                    throw TransformError.invalidAggregate(metric: metric.name, message: "\(function.sqlName): column index \(index) is not in the input (\(columns.count) columns)")
                }
                column = columns[index]
            }
            func unsupported() -> TransformError {
                let name = column.map { "column '\($0.name)' of type \($0.type.name)" } ?? "no column"
                return TransformError.invalidAggregate(metric: metric.name, message: "\(function.sqlName) is not defined for \(name)")
            }
            let type = column?.type
            let accumulator: any Accumulator
            let outputType: ParquetType
            var nullable = true
            switch function {
            case .countAll:
                accumulator = CountAccumulator(countsNulls: true)
                outputType = .int64
                nullable = false
            case .count:
                accumulator = CountAccumulator(countsNulls: false)
                outputType = .int64
                nullable = false
            case .countDistinct:
                guard let type, type.isScalar else { throw unsupported() }
                accumulator = CountDistinctAccumulator(seed: seed)
                outputType = .int64
                nullable = false
            case .sum:
                switch type {
                case .int64?, .int32?:
                    accumulator = IntegerSumAccumulator(metric: metric.name, columnName: column?.name ?? "")
                    outputType = .int64
                case .double?:
                    accumulator = DoubleSumAccumulator(average: false)
                    outputType = .double
                default: throw unsupported()
                }
            case .avg:
                switch type {
                case .int64?, .int32?: accumulator = IntegerAverageAccumulator()
                case .double?: accumulator = DoubleSumAccumulator(average: true)
                default: throw unsupported()
                }
                outputType = .double
            case .min, .max:
                let isMin: Bool
                if case .min = function { isMin = true } else { isMin = false }
                switch type {
                case .int64?, .int32?, .date?, .timestampMicros?, .boolean?:
                    accumulator = IntegerExtremeAccumulator(isMin: isMin, type: type ?? .int64)
                case .double?: accumulator = DoubleExtremeAccumulator(isMin: isMin)
                case .string?: accumulator = StringExtremeAccumulator(isMin: isMin)
                default: throw unsupported()
                }
                outputType = type ?? .int64
            }
            accumulators.append(accumulator)
            output.append(ParquetColumn(name: metric.name, type: outputType, nullable: nullable))
        }
        var names = Set<String>()
        for column in output where !names.insert(column.name).inserted {
            throw TransformError.invalidAggregate(metric: column.name, message: "two output columns are named '\(column.name)'")
        }
        self.accumulators = accumulators
        outputSchema = ParquetSchema(output)
        keys = spec.groupBy.map { GroupKeyColumn(type: columns[$0].type) }
        fixedBytesPerGroup = accumulators.reduce(0) { $0 + $1.bytesPerGroup }
        if spec.groupBy.isEmpty {
            // The one group exists before any row: no input still gives one row.
            groupCount = 1
            for accumulator in accumulators { accumulator.grow(to: 1) }
        }
    }

    /// Approximate bytes of state held now.
    public var stateBytes: Int {
        table.bytes + keys.reduce(0) { $0 + $1.bytes } + groupCount * fixedBytesPerGroup
            + accumulators.reduce(0) { $0 + $1.variableBytes } + groupOfRow.capacity * 4
    }

    /// Groups so far.
    public var groups: Int { groupCount }

    /// Folds one batch (columns as `inputSchema`; typically a row group) into the groups.
    /// `rowGroups`, when given, receives every row's group index, for state kept beside the
    /// aggregate under the same groups (the quantiles of `GroupQuantiles`).
    public func add(_ batch: ColumnBatch, rowGroups: ((UnsafeBufferPointer<Int32>) throws -> Void)? = nil) throws {
        try add(columns: batch.columns.map { .values($0) }, rowCount: batch.rowCount, rowGroups: rowGroups)
    }

    /// `add` over columns as the Parquet reader returns them: dictionary-coded group-by
    /// columns are grouped once per distinct code combination, and the metrics that can work
    /// on codes do (`count`, integer `min`/`max`, `count_distinct`); the rest see values.
    public func add(columns: [DecodedColumn], rowCount: Int, rowGroups: ((UnsafeBufferPointer<Int32>) throws -> Void)? = nil) throws {
        guard columns.count == inputSchema.columns.count else {
            throw TransformError.input("aggregate: batch has \(columns.count) columns, the input schema \(inputSchema.columns.count)")
        }
        for (index, column) in columns.enumerated() {
            guard column.parquetType == inputSchema.columns[index].type else {
                throw TransformError.input("aggregate: column '\(inputSchema.columns[index].name)' holds \(column.parquetType.name) values, the schema says \(inputSchema.columns[index].type.name)")
            }
            guard column.count == rowCount else {
                throw TransformError.input("aggregate: column '\(inputSchema.columns[index].name)' holds \(column.count) values in a batch of \(rowCount) rows")
            }
        }
        guard rowCount > 0 else { return }
        if groupOfRow.count < rowCount {
            groupOfRow = [Int32](repeating: 0, count: rowCount)
        }
        if !spec.groupBy.isEmpty {
            try assignGroups(spec.groupBy.map { columns[$0] }, rowCount: rowCount)
        } else {
            groupOfRow.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        try groupOfRow.withUnsafeBufferPointer { all in
            let groups = UnsafeBufferPointer(rebasing: all[0..<rowCount])
            for (index, metric) in spec.metrics.enumerated() {
                switch metric.function.column.map({ columns[$0] }) {
                case nil: try accumulators[index].add(nil, groups: groups)
                case .values(let values)?: try accumulators[index].add(values, groups: groups)
                case .dictionaryCoded(let coded)?: try accumulators[index].addCoded(coded, groups: groups)
                }
            }
            try rowGroups?(groups)
        }
        try checkBudget()
    }

    /// Fills `groupOfRow`: by code combination when every key column is dictionary-coded,
    /// else by each row's digest.
    private func assignGroups(_ keyColumns: [DecodedColumn], rowCount: Int) throws {
        let coded = keyColumns.compactMap { if case .dictionaryCoded(let c) = $0 { c } else { nil } }
        if coded.count == keyColumns.count, let combinations = DictionaryGroupKeys(coded, rowCount: rowCount) {
            let values = zip(coded, combinations.representatives).map { $0.dictionary.gathered($1) }
            var groupOfCombination = [Int32](repeating: 0, count: combinations.count)
            try groupOfCombination.withUnsafeMutableBufferPointer { out in
                try resolve(values, count: combinations.count, into: out)
            }
            groupOfCombination.withUnsafeBufferPointer { groupOf in
                combinations.combinationOfRow.withUnsafeBufferPointer { combinationOfRow in
                    groupOfRow.withUnsafeMutableBufferPointer { out in
                        for row in 0..<rowCount { out[row] = groupOf[Int(combinationOfRow[row])] }
                    }
                }
            }
        } else {
            let values = keyColumns.map(\.materialized)
            try groupOfRow.withUnsafeMutableBufferPointer { out in
                try resolve(values, count: rowCount, into: out)
            }
        }
    }

    /// The group of each of the `count` rows of `keyColumns`, made (and its key values kept)
    /// when new.
    private func resolve(_ keyColumns: [ColumnValues], count: Int, into out: UnsafeMutableBufferPointer<Int32>) throws {
        let digests = digester.digests(of: keyColumns, rowCount: count)
        let before = groupCount
        // The per-row loop works on locals moved out of the object (no copy: the properties
        // are left empty meanwhile), so it pays no exclusivity or uniqueness check per row.
        var table = GroupKeyTable()
        var keys: [GroupKeyColumn] = []
        swap(&table, &self.table)
        swap(&keys, &self.keys)
        var groups = groupCount
        defer {
            swap(&table, &self.table)
            swap(&keys, &self.keys)
            groupCount = groups
            if groups > before {
                for accumulator in accumulators { accumulator.grow(to: groups) }
            }
        }
        let fixedBytesPerGroup = fixedBytesPerGroup
        try digests.withUnsafeBufferPointer { digests in
            for row in 0..<count {
                let (group, isNew) = table.group(of: digests[row])
                if isNew {
                    for position in keys.indices { keys[position].append(row: row, of: keyColumns[position]) }
                    groups = group + 1
                    // Check as groups arrive so one large batch cannot run far past the budget
                    // (the accumulators' variable parts are counted at the end of the batch).
                    if groups & 4095 == 0 {
                        let bytes = table.bytes + keys.reduce(0) { $0 + $1.bytes } + groups * fixedBytesPerGroup
                        if bytes > memoryBudgetBytes {
                            throw TransformError.memoryBudgetExceeded(operator: "aggregate", budgetBytes: memoryBudgetBytes)
                        }
                    }
                }
                out[row] = Int32(truncatingIfNeeded: group)
            }
        }
    }

    private func checkBudget() throws {
        if stateBytes > memoryBudgetBytes {
            throw TransformError.memoryBudgetExceeded(operator: "aggregate", budgetBytes: memoryBudgetBytes)
        }
    }

    /// The result: one row per group (exactly one without group_by), keys then metrics.
    public func finish() throws -> (schema: ParquetSchema, batch: ColumnBatch) {
        (outputSchema, ColumnBatch(keys.map(\.values) + accumulators.map { $0.finish() }))
    }
}
