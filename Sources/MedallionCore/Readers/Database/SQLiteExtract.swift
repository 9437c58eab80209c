import Crypto
import Foundation
import GRDB
import Lake
import Parquet

/// Extracts a SQLite table or query as NDJSON, one object per row with every value as text
/// (integers and reals as SQLite prints them, blobs as `\x` hex, NULL as null), hashing the
/// bytes as they are written. Rows stream through a cursor: memory stays bounded whatever the
/// table's size. With an incremental column, only rows whose column is greater than the
/// watermark are extracted, in that column's order, and the last one's value is the new watermark.
struct SQLiteExtract {
    let source: DatabaseSource
    /// The database file, resolved against the project root.
    let path: String

    init(source: DatabaseSource, environment: PipelineEnvironment) {
        self.source = source
        self.path = environment.path(source.path).path
    }

    struct Result {
        var fetch: FetchResult
        var rows: Int64
        /// The greatest incremental column value extracted (JSON text), else the old watermark.
        var watermark: String?
    }

    /// Why the extract failed, naming the database and what to fix.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func extract(to destination: URL, after watermark: String?) throws -> Result {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "sqlite:\(source.path): no such database file")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Failure(description: "sqlite:\(source.path): cannot open: \(error)")
        }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: destination) else {
            throw Failure(description: "cannot write the extract to \(destination.path)")
        }
        defer { try? handle.close() }
        let (sql, arguments) = try statement(after: watermark)
        do {
            return try queue.read { db in
                var hasher = SHA256()
                var bytes: Int64 = 0
                var rows: Int64 = 0
                var last = watermark
                var buffer: [UInt8] = []
                buffer.reserveCapacity(1 << 20)
                func flush() {
                    hasher.update(data: buffer)
                    handle.write(Data(buffer))
                    bytes += Int64(buffer.count)
                    buffer.removeAll(keepingCapacity: true)
                }
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try cursor.next() {
                    buffer.append(UInt8(ascii: "{"))
                    for (index, column) in row.columnNames.enumerated() {
                        if index > 0 { buffer.append(UInt8(ascii: ",")) }
                        buffer.append(contentsOf: ValueFormatting.jsonString(column).utf8)
                        buffer.append(UInt8(ascii: ":"))
                        buffer.append(contentsOf: Self.text(row[index] as DatabaseValue).utf8)
                    }
                    buffer.append(contentsOf: "}\n".utf8)
                    rows += 1
                    if let column = source.incrementalColumn, let value = Self.watermark(row[column] as DatabaseValue) { last = value }
                    if buffer.count >= 1 << 20 { flush() }
                }
                flush()
                let sha = hasher.finalize().hexString
                return Result(fetch: FetchResult(notModified: false, sha256: sha, bytes: bytes, etag: nil, lastModified: nil),
                              rows: rows, watermark: last)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "sqlite:\(source.path): \(error)")
        }
    }

    /// The SELECT and its arguments; identifiers were checked by the config, values are bound.
    private func statement(after watermark: String?) throws -> (String, StatementArguments) {
        let from = source.table.map { "\"\($0)\"" } ?? "(\(source.query ?? ""))"
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
        case .double(let double): return ValueFormatting.jsonString(double.description)
        case .string(let string): return ValueFormatting.jsonString(string)
        case .blob(let data): return "\"\\\\x" + [UInt8](data).hexString + "\""
        }
    }

    /// The watermark as JSON (a number stays a number, so it compares as one next time).
    static func watermark(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null, .blob: return nil
        case .int64(let int): return "\(int)"
        case .double(let double): return double.description
        case .string(let string): return ValueFormatting.jsonString(string)
        }
    }

    static func bound(_ watermark: String) throws -> DatabaseValueConvertible {
        if let int = Int64(watermark) { return int }
        if let double = Double(watermark), watermark.first != "\"" { return double }
        guard let data = watermark.data(using: .utf8), let string = try? JSONDecoder().decode(String.self, from: data) else {
            throw Failure(description: "the stored watermark \(watermark) is not a number or a JSON string")
        }
        return string
    }
}
