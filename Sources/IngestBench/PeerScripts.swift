import Foundation

/// The one-line Python programs the peers run: what a user would write around polars or
/// DuckDB to do the same work as the medallion run in the same row. All Parquet is ZSTD at
/// the libraries' default level (3, as medallion's).
enum PeerScripts {
    /// Every column as a string, as Bronze keeps them.
    static func polarsBronze(csv: String, out: String) -> String {
        "import polars as pl; pl.scan_csv('\(csv)', infer_schema=False).sink_parquet('\(out)', compression='zstd')"
    }

    static func duckdbBronze(csv: String, out: String) -> String {
        duckdb(["COPY (SELECT * FROM read_csv('\(csv)', all_varchar=true)) TO '\(out)' (FORMAT parquet, COMPRESSION zstd)"])
    }

    /// nsde's Silver in one query: every column trimmed with empty as NULL, the configured
    /// date columns parsed (NULL when they do not parse), rows without the key dropped, and
    /// the last row of each key kept (`DISTINCT ON` after ordering by source row, descending).
    /// `header` is the CSV's; DuckDB's `normalize_names` gives the same snake_case names as
    /// medallion's Silver. `_source_row` stays in the output: medallion's Silver keeps it too,
    /// for lineage, and it is most of the bytes the two add to the data columns.
    static func duckdbSilver(csv: String, out: String, header: [String], silver: [String: Any]) -> String {
        let columns = (silver["columns"] as? [String: [String: Any]]) ?? [:]
        let key = ((silver["keys"] as? [String]) ?? ["ndc11"]).joined(separator: ", ")
        let selects = header.map(snakeCase).map { name -> String in
            let value = "nullif(trim(\(name)), '')"
            guard let column = columns[name], column["type"] as? String == "date", let format = column["format"] as? String else {
                return "\(value) AS \(name)"
            }
            return "try_strptime(\(value), '\(strftime(format))')::DATE AS \(name)"
        }
        let keyPresent = ((silver["keys"] as? [String]) ?? ["ndc11"]).map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
        return duckdb(["COPY (SELECT DISTINCT ON (\(key)) * FROM (SELECT \(selects.joined(separator: ", ")), "
                       + "row_number() OVER () AS _source_row FROM read_csv('\(csv)', all_varchar=true, normalize_names=true)) "
                       + "WHERE \(keyPresent) ORDER BY \(key), _source_row DESC) TO '\(out)' (FORMAT parquet, COMPRESSION zstd)"])
    }

    /// The line the Gold script prints its queries' seconds on: `queries_s=<seconds>`.
    static let queriesLabel = "queries_s"

    /// Each Gold table as a `GROUP BY` over the Silver Parquet files, into its own file; the
    /// queries are timed together after `import duckdb` and their seconds printed as
    /// `queries_s=<seconds>` (what the Gold row compares with medallion's Gold state).
    static func duckdbGold(silver: String, tables: [[String: Any]], out: (Int) -> String) -> String {
        let queries = tables.enumerated().map { index, table in
            let groups = (table["group_by"] as? [String]) ?? []
            let metrics = ((table["metrics"] as? [String: String]) ?? [:]).sorted { $0.key < $1.key }
            let selects = groups + metrics.map { name, expression in
                let sql = expression.replacingOccurrences(of: "count_distinct(", with: "count(DISTINCT ")
                    .replacingOccurrences(of: "percentile(", with: "quantile_cont(")
                return "\(sql) AS \(name)"
            }
            var sql = "SELECT \(selects.joined(separator: ", ")) FROM read_parquet('\(silver)')"
            let conditions = ((table["where"] as? [[String: Any]]) ?? []).compactMap { filter -> String? in
                guard let column = filter["column"] as? String, let op = filter["op"] as? String, op.hasPrefix("is") else { return nil }
                return "\(column) \(op.uppercased())"
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            if !groups.isEmpty { sql += " GROUP BY " + groups.joined(separator: ", ") }
            if let order = table["order_by"] as? [String], !order.isEmpty {
                sql += " ORDER BY " + order.map { $0.replacingOccurrences(of: " desc", with: " DESC") }.joined(separator: ", ")
            }
            return "COPY (\(sql)) TO '\(out(index))' (FORMAT parquet, COMPRESSION zstd)"
        }
        return (["import time", "import duckdb", "started = time.perf_counter()"] + queries.map { "duckdb.sql(\"\($0)\")" }
                + ["print(f'\(queriesLabel)={time.perf_counter() - started:.6f}')"]).joined(separator: "; ")
    }

    /// SHA-256 through OpenSSL, as a Python pipeline that checks its source would.
    static func hashlib(file: String) -> String {
        "import hashlib; print(hashlib.file_digest(open('\(file)', 'rb'), 'sha256').hexdigest())"
    }

    private static func duckdb(_ statements: [String]) -> String {
        (["import duckdb"] + statements.map { "duckdb.sql(\"\($0)\")" }).joined(separator: "; ")
    }

    /// "Marketing Start Date" → "marketing_start_date", as DuckDB's `normalize_names` and
    /// medallion's Bronze name the columns.
    static func snakeCase(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: " ", with: "_")
    }

    /// The Java-style date patterns nsde uses (`yyyyMMdd`) in strptime's terms.
    private static func strftime(_ pattern: String) -> String {
        pattern.replacingOccurrences(of: "yyyy", with: "%Y").replacingOccurrences(of: "MM", with: "%m")
            .replacingOccurrences(of: "dd", with: "%d")
    }
}
