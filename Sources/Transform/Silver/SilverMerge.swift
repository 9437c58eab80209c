import Parquet

/// `silver.mode: "merge"`: a run's new Silver rows (already typed, checked and de-duplicated)
/// update or insert into the current Silver by key, and rows matching `delete_when` delete
/// their key. The result is what this SQL gives (and DuckDB gives, in the tests):
///
///     SELECT * FROM current WHERE key NOT IN (SELECT key FROM incoming)
///     UNION ALL SELECT * FROM incoming WHERE NOT (delete_when)
///
/// Keys compare by typed value (a NULL key component matches another NULL, as de-duplication
/// groups them). Memory holds the incoming keys only; the current Silver streams row group by
/// row group.
public struct SilverMerge {
    /// A `delete_when` condition, written as a Gold `where` (all must hold for a row to delete its key).
    public typealias Condition = GoldQuery.Condition

    /// What the merge did.
    public struct Counts: Sendable, Equatable, Codable {
        /// Current rows whose key the increment did not touch.
        public var kept: Int64 = 0
        /// Current rows replaced by an incoming row with their key.
        public var updated: Int64 = 0
        /// Incoming rows whose key was new.
        public var inserted: Int64 = 0
        /// Keys removed by `delete_when` rows (that existed before).
        public var deleted: Int64 = 0

        public init() {}
    }

    public let keys: [String]
    public let deleteWhen: [Condition]

    public init(keys: [String], deleteWhen: [Condition]) {
        self.keys = keys
        self.deleteWhen = deleteWhen
    }

    /// Merges `incoming` (one Parquet file) into `current` (the current Silver's files), handing
    /// every output batch to `write`; the schemas must be the same.
    public func run(current: [String], incoming: String, write: (ColumnBatch) throws -> Void) throws -> Counts {
        let incomingReader = try open(incoming)
        let schema = incomingReader.schema
        let keyColumns = try keys.map { key -> Int in
            guard let index = schema.columns.firstIndex(where: { $0.name == key }) else {
                throw TransformError.unknownColumn(key)
            }
            return index
        }
        let conditions = try deleteWhen.map { condition -> RowCondition in
            guard let index = schema.columns.firstIndex(where: { $0.name == condition.column }) else {
                throw TransformError.unknownColumn(condition.column)
            }
            guard let type = GoldQueryBinder.conditionType(schema.columns[index].type) else {
                throw TransformError.invalidCondition("delete_when: column '\(condition.column)' is a list; conditions need a scalar column")
            }
            return try RowCondition(column: index, name: condition.column, type: type, op: condition.op, values: condition.values)
        }
        let currentReaders = try current.map(open)
        for (path, reader) in zip(current, currentReaders) where reader.schema != schema {
            throw TransformError.input("\(path): the current Silver's columns differ from this run's (\(Self.describe(reader.schema)) vs "
                                       + "\(Self.describe(schema))); a merge needs the same Silver schema: run with --force to rebuild it")
        }

        // Pass 1: the incoming keys, and which incoming rows delete rather than upsert.
        var incomingKeys: Set<[TypedScalar?]> = []
        var deletes: [[Bool]] = []
        for group in 0..<incomingReader.rowGroupCount {
            let batch = try incomingReader.readRowGroup(group)
            var deleting = [Bool](repeating: !conditions.isEmpty, count: batch.rowCount)
            for condition in conditions { condition.apply(to: batch, keep: &deleting) }
            for row in 0..<batch.rowCount { incomingKeys.insert(keyColumns.map { TypedScalar.at(row, of: batch.columns[$0]) }) }
            deletes.append(deleting)
        }

        // Pass 2: current rows the increment leaves alone, then the incoming upserts.
        var counts = Counts()
        var touched: Set<[TypedScalar?]> = []
        for reader in currentReaders {
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(group)
                var keep = [Bool](repeating: true, count: batch.rowCount)
                for row in 0..<batch.rowCount {
                    let key = keyColumns.map { TypedScalar.at(row, of: batch.columns[$0]) }
                    if incomingKeys.contains(key) {
                        keep[row] = false
                        touched.insert(key)
                    }
                }
                let kept = keep.filter { $0 }.count
                counts.kept += Int64(kept)
                if kept > 0 { try write(kept == batch.rowCount ? batch : ColumnBatch(batch.columns.map { $0.filtered(keep) })) }
            }
        }
        for group in 0..<incomingReader.rowGroupCount {
            let batch = try incomingReader.readRowGroup(group)
            let keep = deletes[group].map { !$0 }
            for row in 0..<batch.rowCount {
                let existed = touched.contains(keyColumns.map { TypedScalar.at(row, of: batch.columns[$0]) })
                switch (keep[row], existed) {
                case (true, true): counts.updated += 1
                case (true, false): counts.inserted += 1
                case (false, true): counts.deleted += 1
                case (false, false): break
                }
            }
            let kept = keep.filter { $0 }.count
            if kept > 0 { try write(kept == batch.rowCount ? batch : ColumnBatch(batch.columns.map { $0.filtered(keep) })) }
        }
        return counts
    }

    private func open(_ path: String) throws -> ParquetFileReader {
        do {
            return try ParquetFileReader(path: path)
        } catch {
            throw TransformError.input("\(path): \(error)")
        }
    }

    private static func describe(_ schema: ParquetSchema) -> String {
        schema.columns.map { "\($0.name) \($0.type.name)" }.joined(separator: ", ")
    }
}
