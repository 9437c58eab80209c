import CLibPQ
import Foundation
import Lake
import Parquet
import TextEncoding

/// Extracts a PostgreSQL table or query through libpq, in a read-only repeatable-read
/// transaction, with a server-side cursor fetched in batches (bounded memory whatever the
/// table's size). Values are PostgreSQL's own text output under fixed session settings (UTC
/// time zone, ISO dates, hex bytea, round-trip floats), so numerics keep every digit and
/// timestamps with zone say `+00`; arrays are converted to JSON text by the server
/// (`to_json`). The password comes from PGPASSWORD or ~/.pgpass, as libpq reads them.
struct PostgresExtract {
    let source: DatabaseSource
    let url: String
    /// Rows per FETCH: large enough to amortise round trips, small enough to stay bounded.
    var batchRows = 5000

    private var display: String { Redaction.redact(url) }

    func extract(to destination: URL, after watermark: String?) throws -> DatabaseExtract.Result {
        guard let connection = PQconnectdb(url) else { throw fail("cannot allocate a connection") }
        defer { PQfinish(connection) }
        guard PQstatus(connection) == CONNECTION_OK else {
            throw fail("cannot connect: \(message(connection))")
        }
        for setting in ["SET TIME ZONE 'UTC'", "SET DateStyle = 'ISO, YMD'", "SET IntervalStyle = 'iso_8601'",
                        "SET bytea_output = 'hex'", "SET extra_float_digits = 1",
                        "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"] {
            try execute(connection, setting)
        }
        let from = source.table.map { $0.split(separator: ".").map { Self.identifier(String($0)) }.joined(separator: ".") }
            ?? "(\(source.query ?? ""))"
        let columns = try describe(connection, from: from)
        let list = columns.map { $0.isArray ? "to_json(\(Self.identifier($0.name)))::text AS \(Self.identifier($0.name))" : Self.identifier($0.name) }
        var select = "SELECT \(list.isEmpty ? "*" : list.joined(separator: ", ")) FROM \(from) AS extract"
        if let column = source.incrementalColumn {
            guard columns.contains(where: { $0.name == column }) else {
                throw fail("incremental column '\(column)' is not a column of \(source.table ?? "the query")")
            }
            if let watermark {
                guard let text = DatabaseWatermark.text(watermark) else { throw fail("the stored watermark \(watermark) is unreadable") }
                select += " WHERE \(Self.identifier(column)) > \(try literal(connection, text))"
            }
            select += " ORDER BY \(Self.identifier(column))"
        }
        try execute(connection, "DECLARE medallion_extract NO SCROLL CURSOR FOR \(select)")
        let writer = try NDJSONExtractWriter(destination)
        var last = watermark
        let names = columns.map(\.name)
        let watermarkIndex = source.incrementalColumn.flatMap { names.firstIndex(of: $0) }
        while true {
            guard let result = PQexec(connection, "FETCH FORWARD \(batchRows) FROM medallion_extract") else {
                throw fail(message(connection))
            }
            defer { PQclear(result) }
            guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw fail(resultMessage(result)) }
            let count = PQntuples(result)
            if count == 0 { break }
            let fields = PQnfields(result)
            for row in 0..<count {
                for field in 0..<fields {
                    let name = Int(field) < names.count ? names[Int(field)] : String(cString: PQfname(result, field))
                    if PQgetisnull(result, row, field) == 1 {
                        writer.field(name, json: "null")
                    } else {
                        writer.field(name, json: JSONStringEscaping.quoted(String(cString: PQgetvalue(result, row, field))))
                    }
                }
                writer.endRow()
                if let index = watermarkIndex, PQgetisnull(result, row, Int32(index)) == 0 {
                    last = JSONStringEscaping.quoted(String(cString: PQgetvalue(result, row, Int32(index))))
                }
            }
        }
        try execute(connection, "CLOSE medallion_extract")
        try execute(connection, "COMMIT")
        return DatabaseExtract.Result(fetch: writer.finish(), rows: writer.rows, watermark: last)
    }

    private struct Column {
        var name: String
        var isArray: Bool
    }

    /// Column names and which are arrays (`typcategory = 'A'`), from a statement that returns no row.
    private func describe(_ connection: OpaquePointer, from: String) throws -> [Column] {
        guard let result = PQexec(connection, "SELECT * FROM \(from) AS extract LIMIT 0") else { throw fail(message(connection)) }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else { throw fail(resultMessage(result)) }
        var columns: [Column] = []
        var types: [UInt32] = []
        for field in 0..<PQnfields(result) {
            columns.append(Column(name: String(cString: PQfname(result, field)), isArray: false))
            types.append(PQftype(result, field))
        }
        guard !types.isEmpty else { return columns }
        let oids = Set(types).map(String.init).joined(separator: ",")
        guard let categories = PQexec(connection, "SELECT oid, typcategory FROM pg_type WHERE oid IN (\(oids))") else { throw fail(message(connection)) }
        defer { PQclear(categories) }
        guard PQresultStatus(categories) == PGRES_TUPLES_OK else { throw fail(resultMessage(categories)) }
        var arrays: Set<UInt32> = []
        for row in 0..<PQntuples(categories) where String(cString: PQgetvalue(categories, row, 1)) == "A" {
            if let oid = UInt32(String(cString: PQgetvalue(categories, row, 0))) { arrays.insert(oid) }
        }
        for index in columns.indices { columns[index].isArray = arrays.contains(types[index]) }
        return columns
    }

    private func execute(_ connection: OpaquePointer, _ sql: String) throws {
        guard let result = PQexec(connection, sql) else { throw fail(message(connection)) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw fail(resultMessage(result)) }
    }

    /// A string literal escaped by libpq for this connection's encoding.
    private func literal(_ connection: OpaquePointer, _ text: String) throws -> String {
        let bytes = Array(text.utf8)
        guard let escaped = bytes.withUnsafeBufferPointer({ buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQescapeLiteral(connection, $0.baseAddress, buffer.count) }
        }) else { throw fail(message(connection)) }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// `"name"` with embedded quotes doubled.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func message(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func resultMessage(_ result: OpaquePointer) -> String {
        String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func fail(_ why: String) -> DatabaseExtract.Failure {
        DatabaseExtract.Failure(description: "\(display): \(Redaction.redactURLs(in: why))")
    }
}
