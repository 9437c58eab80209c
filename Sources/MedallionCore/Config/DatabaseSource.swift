import Foundation

/// `source` of a database table: `"url": "sqlite:path/to.db"` or
/// `"postgresql://user@host:port/db"` with `table` or `query`, and optionally
/// `incremental: {"column": "updated_at"}` to extract only rows past the last good version's
/// watermark. Each run's extract is NDJSON (every value as text, exactly as the database
/// renders it), hashed for the skip check and kept as the raw copy.
public struct DatabaseSource: Sendable, Equatable {
    public enum Engine: Sendable, Equatable {
        /// The database file, relative to the project root unless absolute.
        case sqlite(path: String)
        /// A libpq connection URI without a password (libpq reads PGPASSWORD or ~/.pgpass).
        case postgresql(url: String)
    }

    public var engine: Engine
    public var table: String?
    public var query: String?
    /// The column whose greatest extracted value becomes the watermark.
    public var incrementalColumn: String?

    /// Column names are identifiers, never spliced SQL; a table may carry its schema.
    static let identifierPattern = #"^[A-Za-z_][A-Za-z0-9_]{0,62}$"#
    static let tablePattern = #"^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$"#

    /// Whether `url` names a database source.
    static func isDatabase(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("sqlite:") || lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    static func parse(_ object: inout StrictObject, url: String) throws -> DatabaseSource {
        let engine: Engine
        if url.lowercased().hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw object.fail("url", "'\(url)' names no database file (sqlite:path/to.db)") }
            engine = .sqlite(path: path)
        } else {
            guard let components = URLComponents(string: url), components.host != nil || components.path.count > 1 else {
                throw object.fail("url", "'\(url)' is not a postgresql://user@host:port/database URL")
            }
            // The password comes from PGPASSWORD or ~/.pgpass, never from a config in a repository.
            guard components.password == nil, !(components.queryItems ?? []).contains(where: { $0.name.lowercased() == "password" }) else {
                throw object.fail("url", "must not hold a password: set PGPASSWORD or use ~/.pgpass")
            }
            engine = .postgresql(url: url)
        }
        if let format = try object.string("format"), format != "ndjson" {
            throw object.fail("format", "a database source lands as ndjson; leave format out")
        }
        let table = try object.string("table")
        let query = try object.string("query")
        guard (table == nil) != (query == nil) else { throw object.fail("table", "give exactly one of table and query") }
        if let table, table.range(of: tablePattern, options: .regularExpression) == nil {
            throw object.fail("table", "'\(table)' is not a plain table name (letters, digits and _, optionally schema.table)")
        }
        var source = DatabaseSource(engine: engine, table: table, query: query, incrementalColumn: nil)
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
