import Parquet

/// Reads a Gold query's input: Silver part files, row group by row group, only the columns
/// the query uses, each checked against the type the query was bound to.
enum GoldInput {
    /// Calls `body` with every row group of every file in order, and its row count (a query
    /// that reads no column still sees how many rows there are).
    static func forEachRowGroup(paths: [String], columns: [String], types: [ParquetType],
                                _ body: (ColumnBatch, Int) throws -> Void) throws {
        for path in paths {
            let reader = try reading(path) { try ParquetFileReader(path: path) }
            let schema = try reading(path) { try reader.schema(columns: columns) }
            for (column, type) in zip(schema.columns, types) where column.type != type {
                throw TransformError.input("\(path): column '\(column.name)' is \(column.type.name), the query was bound to \(type.name)")
            }
            if columns.isEmpty {
                for rows in reader.rowGroupRowCounts { try body(ColumnBatch([]), Int(rows)) }
                continue
            }
            // Row group g+1 decodes while the caller works on g.
            var next = reader.rowGroupCount > 0 ? RowGroupPrefetch(reader, group: 0, columns: columns, threads: 2) : nil
            // On an error, no decode is left running on the reader.
            defer { _ = try? next?.batch() }
            for group in 0..<reader.rowGroupCount {
                guard let pending = next else { break }
                next = nil
                let batch = try reading(path) { try pending.batch() }
                next = group + 1 < reader.rowGroupCount ? RowGroupPrefetch(reader, group: group + 1, columns: columns, threads: 2) : nil
                try body(batch, batch.rowCount)
            }
        }
    }

    /// Reader failures as input errors naming the file; other errors pass through.
    private static func reading<T>(_ path: String, _ work: () throws -> T) throws -> T {
        do {
            return try work()
        } catch let error as TransformError {
            throw error
        } catch {
            throw TransformError.input("\(path): \(error)")
        }
    }
}
