import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// One output value, typed loosely enough to compare ours with DuckDB's: dates as days and
/// timestamps as microseconds since the epoch (both `int`), doubles within 1e-9 relative.
enum GoldCell: Equatable, CustomStringConvertible {
    case null
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)

    static func == (lhs: GoldCell, rhs: GoldCell) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
            if a == b { return true }
            return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
        default: return false
        }
    }

    var description: String {
        switch self {
        case .null: return "NULL"
        case .int(let v): return "\(v)"
        case .double(let v): return "\(v)d"
        case .string(let v): return "'\(v)'"
        case .bool(let v): return "\(v)"
        }
    }

    static func rows(_ batch: ColumnBatch) -> [[GoldCell]] {
        (0..<batch.rowCount).map { row in batch.columns.map { cell($0, row) } }
    }

    static func cell(_ column: ColumnValues, _ row: Int) -> GoldCell {
        switch column {
        case .booleans(let v): return v[row].map { .bool($0) } ?? .null
        case .int32s(let v), .dates(let v): return v[row].map { .int(Int64($0)) } ?? .null
        case .int64s(let v), .timestampsMicros(let v): return v[row].map { .int($0) } ?? .null
        case .doubles(let v): return v[row].map { .double($0) } ?? .null
        case .byteArrays(let v): return v[row].map { .string($0) } ?? .null
        case .lists: return .string("<list>")
        }
    }
}

/// A temporary directory of Parquet inputs, Gold runs over them, and the same query in DuckDB.
final class GoldFixture {
    let directory: URL

    init(_ label: String) throws {
        directory = try TestEnvironment.makeTemporaryDirectory("gold-\(label)")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var spillDirectory: URL { directory.appendingPathComponent("spill") }

    /// Writes `batch` as `name`.parquet; a small row group size gives several row groups.
    @discardableResult
    func write(_ name: String, _ schema: ParquetSchema, _ batch: ColumnBatch, rowGroupBytes: Int = 4 << 10) throws -> String {
        let path = directory.appendingPathComponent("\(name).parquet").path
        var options = ParquetWriterOptions()
        options.rowGroupSize = rowGroupBytes
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        if batch.rowCount > 0 { try writer.write(batch) }
        _ = try writer.close()
        return path
    }

    static func schema(of path: String) throws -> ParquetSchema { try ParquetFileReader(path: path).schema }

    /// Binds and runs `query` over the files.
    func run(_ query: GoldQuery, left: [String], right: [String] = [], budget: Int = 64 << 20) throws -> GoldRun {
        let bound = try query.bind(left: try Self.schema(of: left[0]), right: try right.first.map { try Self.schema(of: $0) })
        return try GoldExecutor.execute(bound, leftPaths: left, rightPaths: right, memoryBudgetBytes: budget, spillDirectory: spillDirectory)
    }

    /// DuckDB's rows for `sql` (TimeZone UTC), each value tagged with its kind.
    static func duckDB(_ sql: String) throws -> [[GoldCell]] {
        try duckDB([sql])[0]
    }

    /// DuckDB's rows for each statement, from one interpreter.
    static func duckDB(_ statements: [String]) throws -> [[[GoldCell]]] {
        let script = """
            import datetime, duckdb, json, sys
            con = duckdb.connect()
            con.execute("SET TimeZone = 'UTC'")
            def enc(v):
                if v is None: return None
                if isinstance(v, bool): return ["b", "true" if v else "false"]
                if isinstance(v, int): return ["i", str(v)]
                if isinstance(v, float): return ["d", repr(v)]
                if isinstance(v, datetime.datetime):
                    epoch = datetime.datetime(1970, 1, 1, tzinfo=v.tzinfo)
                    d = v - epoch
                    return ["i", str((d.days * 86400 + d.seconds) * 1000000 + d.microseconds)]
                if isinstance(v, datetime.date): return ["i", str((v - datetime.date(1970, 1, 1)).days)]
                return ["s", str(v)]
            print(json.dumps([[[enc(v) for v in r] for r in con.execute(sql).fetchall()] for sql in json.load(sys.stdin)]))
            """
        let input = String(decoding: try JSONEncoder().encode(statements), as: UTF8.self)
        let result = try runProcess(TestEnvironment.python, ["-c", script], stdin: input)
        guard result.status == 0 else { throw DuckDBFailed(message: result.stderr) }
        guard let results = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[[Any]]] else {
            throw DuckDBFailed(message: "unexpected output: \(result.stdout)")
        }
        return try results.map { rows in
            try rows.map { row in
                try row.map { value in
                    guard let tagged = value as? [String], tagged.count == 2 else { return .null }
                    switch tagged[0] {
                    case "b": return .bool(tagged[1] == "true")
                    case "i":
                        guard let v = Int64(tagged[1]) else { throw DuckDBFailed(message: "integer \(tagged[1]) outside int64") }
                        return .int(v)
                    case "d": return .double(Double(tagged[1]) ?? .nan)
                    default: return .string(tagged[1])
                    }
                }
            }
        }
    }

    struct DuckDBFailed: Error, CustomStringConvertible {
        let message: String
        var description: String { "DuckDB failed: \(message)" }
    }

    /// `read_parquet([...])` over `paths`, for SQL text.
    static func table(_ paths: [String]) -> String {
        "read_parquet([" + paths.map { "'\($0)'" }.joined(separator: ", ") + "])"
    }

    /// Records an issue unless `ours` and `theirs` hold the same rows (in the same order when
    /// `ordered`). Returns whether they agree.
    @discardableResult
    static func expectSameRows(_ ours: [[GoldCell]], _ theirs: [[GoldCell]], ordered: Bool,
                               _ label: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard ours.count == theirs.count else {
            Issue.record("\(label): \(ours.count) rows, DuckDB \(theirs.count)\nours: \(ours.prefix(20))\nDuckDB: \(theirs.prefix(20))",
                         sourceLocation: sourceLocation)
            return false
        }
        if ordered {
            for (index, (mine, duck)) in zip(ours, theirs).enumerated() where mine != duck {
                Issue.record("\(label): row \(index) is \(mine), DuckDB's \(duck)", sourceLocation: sourceLocation)
                return false
            }
            return true
        }
        var unmatched = theirs
        for mine in ours {
            guard let index = unmatched.firstIndex(where: { $0 == mine }) else {
                Issue.record("\(label): our row \(mine) is not in DuckDB's result \(theirs.prefix(40))", sourceLocation: sourceLocation)
                return false
            }
            unmatched.remove(at: index)
        }
        return true
    }

    /// `sql` with {L} and {R} replaced by the left and right tables.
    static func sql(_ sql: String, left: [String], right: [String] = []) -> String {
        sql.replacingOccurrences(of: "{L}", with: table(left)).replacingOccurrences(of: "{R}", with: table(right))
    }

    /// Runs `query` and `sql` ({L} and {R} stand for the left and right tables) and expects
    /// the same rows; returns our run.
    @discardableResult
    func expectAgreement(_ query: GoldQuery, sql: String, left: [String], right: [String] = [], budget: Int = 64 << 20,
                         _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> GoldRun {
        let run = try self.run(query, left: left, right: right, budget: budget)
        let theirs = try Self.duckDB(Self.sql(sql, left: left, right: right))
        Self.expectSameRows(GoldCell.rows(run.output), theirs, ordered: !query.orderBy.isEmpty, label, sourceLocation: sourceLocation)
        return run
    }
}

/// Builders for test columns.
enum GoldColumns {
    static func strings(_ values: [String?]) -> ColumnValues {
        var column = ByteArrayColumn()
        for value in values {
            if let value { column.append(value) } else { column.appendNull() }
        }
        return .byteArrays(column)
    }
}
