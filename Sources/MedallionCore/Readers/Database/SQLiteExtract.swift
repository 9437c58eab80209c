import Foundation
import GRDB
import Lake
import Parquet
import TextEncoding

/// Extracts a SQLite table or query through a read-only connection and a cursor (bounded
/// memory whatever the table's size): every value as text, integers and reals as SQLite prints
/// them, blobs as `\x` hex, NULL as null. With an incremental column, only rows whose column is
/// greater than the watermark, in that column's order; the last one's value is the new watermark.
struct SQLiteExtract {
    let source: DatabaseSource
    /// The database file, resolved against the project root.
    let path: String

    private var display: String {
        if case .sqlite(let path) = source.engine { return "sqlite:\(path)" }
        return "sqlite"
    }

    func extract(to destination: URL, after watermark: String?) throws -> DatabaseExtract.Result {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatabaseExtract.Failure(description: "\(display): no such database file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw DatabaseExtract.Failure(description: "\(display): cannot open: \(error)")
        }
        let writer = try NDJSONExtractWriter(destination)
        let (sql, arguments) = try statement(after: watermark)
        do {
            var last = watermark
            try queue.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    for (index, column) in row.columnNames.enumerated() {
                        writer.field(column, json: Self.text(row[index] as DatabaseValue))
                    }
                    writer.endRow()
                    if let column = source.incrementalColumn, let value = Self.watermark(row[column] as DatabaseValue) { last = value }
                }
            }
            return DatabaseExtract.Result(fetch: writer.finish(), rows: writer.rows, watermark: last)
        } catch let failure as DatabaseExtract.Failure {
            throw failure
        } catch {
            throw DatabaseExtract.Failure(description: "\(display): \(error)")
        }
    }

    /// The SELECT and its arguments; identifiers were checked by the config, values are bound.
    private func statement(after watermark: String?) throws -> (String, StatementArguments) {
        let from = source.table.map { $0.split(separator: ".").map { "\"\($0)\"" }.joined(separator: ".") } ?? "(\(source.query ?? ""))"
        guard let column = source.incrementalColumn else { return ("SELECT * FROM \(from)", []) }
        let order = " ORDER BY \"\(column)\""
        guard let watermark else { return ("SELECT * FROM \(from) AS extract" + order, []) }
        return ("SELECT * FROM \(from) AS extract WHERE \"\(column)\" > ?" + order, [try Self.bound(watermark)])
    }

    /// A value as the NDJSON text Bronze reads: a JSON string, or null.
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "null"
        case .int64(let int): return "\"\(int)\""
        case .double(let double): return JSONStringEscaping.quoted(double.description)
        case .string(let string): return JSONStringEscaping.quoted(string)
        case .blob(let data): return "\"\\\\x" + [UInt8](data).hexString + "\""
        }
    }

    /// The watermark as JSON (a number stays a number, so it compares as one next time).
    static func watermark(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null, .blob: return nil
        case .int64(let int): return "\(int)"
        case .double(let double): return double.description
        case .string(let string): return JSONStringEscaping.quoted(string)
        }
    }

    static func bound(_ watermark: String) throws -> DatabaseValueConvertible {
        if let int = Int64(watermark) { return int }
        if let double = Double(watermark), watermark.first != "\"" { return double }
        guard let string = DatabaseWatermark.text(watermark) else {
            throw DatabaseExtract.Failure(description: "the stored watermark \(watermark) is not a number or a JSON string")
        }
        return string
    }
}

/// Watermarks are stored as JSON text: a number, or a string.
enum DatabaseWatermark {
    /// The watermark's value as text (a JSON string's content, or the number as written).
    static func text(_ json: String) -> String? {
        if json.first != "\"" { return Double(json) != nil ? json : nil }
        return (try? JSONDecoder().decode(String.self, from: Data(json.utf8)))
    }
}
