import Parquet

/// Reads a Gold query's input: Silver part files, row group by row group, only the columns
/// the query uses, each checked against the type the query was bound to.
enum GoldInput {
    /// Calls `body` with every row group of every file in order, and its row count (a query
    /// that reads no column still sees how many rows there are). Columns stay
    /// dictionary-coded where the file has them so.
    static func forEachCodedRowGroup(paths: [String], columns: [String], types: [ParquetType],
                                     _ body: ([DecodedColumn], Int) throws -> Void) throws {
        for path in paths {
            let reader = try reading(path) { try ParquetFileReader(path: path) }
            let schema = try reading(path) { try reader.schema(columns: columns) }
            for (column, type) in zip(schema.columns, types) where column.type != type {
                throw TransformError.input("\(path): column '\(column.name)' is \(column.type.name), the query was bound to \(type.name)")
            }
            if columns.isEmpty {
                for rows in reader.rowGroupRowCounts { try body([], Int(rows)) }
                continue
            }
            // Row groups g+1 and g+2 decode, each on its own thread, while the caller works on
            // g: decoding takes longer than aggregating codes, so one decoder alone left a core
            // idle. At most three row groups of the read columns are held at once.
            var pending: [RowGroupPrefetch] = []
            var requested = 0
            func request() {
                while pending.count < Self.decodersAhead && requested < reader.rowGroupCount {
                    pending.append(RowGroupPrefetch(reader, group: requested, columns: columns))
                    requested += 1
                }
            }
            // On an error, no decode is left running on the reader.
            defer { for prefetch in pending { _ = try? prefetch.columns() } }
            request()
            while !pending.isEmpty {
                let prefetch = pending.removeFirst()
                let decoded = try reading(path) { try prefetch.columns() }
                request()
                try body(decoded, decoded.first?.count ?? 0)
            }
        }
    }

    /// Row groups decoding ahead of the one being aggregated.
    static let decodersAhead = 2

    /// `forEachCodedRowGroup` with every column decoded to values.
    static func forEachRowGroup(paths: [String], columns: [String], types: [ParquetType],
                                _ body: (ColumnBatch, Int) throws -> Void) throws {
        try forEachCodedRowGroup(paths: paths, columns: columns, types: types) { decoded, rowCount in
            try body(ColumnBatch(decoded.map(\.materialized)), rowCount)
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
