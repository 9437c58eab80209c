import Foundation

/// `source` of a database table: `"url": "sqlite:path/to.db"` with `table` or `query`, and
/// optionally `incremental: {"column": "updated_at"}` to extract only rows past the last good
/// version's watermark. Each run's extract is NDJSON (every value as text, exactly as the
/// database renders it), hashed for the skip check and kept as the raw copy.
public struct DatabaseSource: Sendable, Equatable {
    /// The database file, relative to the project root unless absolute.
    public var path: String
    public var table: String?
    public var query: String?
    /// The column whose greatest extracted value becomes the watermark.
    public var incrementalColumn: String?

    /// Table and column names are identifiers, never spliced SQL.
    static let identifierPattern = #"^[A-Za-z_][A-Za-z0-9_]{0,127}$"#

    static func parse(_ object: inout StrictObject, url: String) throws -> DatabaseSource {
        let path = String(url.dropFirst("sqlite:".count))
        guard !path.isEmpty else { throw object.fail("url", "'\(url)' names no database file (sqlite:path/to.db)") }
        if let format = try object.string("format"), format != "ndjson" {
            throw object.fail("format", "a database source lands as ndjson; leave format out")
        }
        let table = try object.string("table")
        let query = try object.string("query")
        guard (table == nil) != (query == nil) else { throw object.fail("table", "give exactly one of table and query") }
        if let table, table.range(of: identifierPattern, options: .regularExpression) == nil {
            throw object.fail("table", "'\(table)' is not a plain table name (letters, digits and _)")
        }
        var source = DatabaseSource(path: path, table: table, query: query, incrementalColumn: nil)
        if var incremental = try object.object("incremental") {
            let column = try incremental.requiredString("column")
            guard column.range(of: identifierPattern, options: .regularExpression) != nil else {
                throw incremental.fail("column", "'\(column)' is not a plain column name (letters, digits and _)")
            }
            source.incrementalColumn = column
            try incremental.finish()
        }
        return source
    }
}
