import Foundation
import Testing
import TestSupport

/// `sqlite:` sources: a table extracted value for value as text, a query, and an incremental
/// load over three runs that advances its watermark only with a good version.
@Suite struct DatabaseSourceRunTests {
    static func sql(_ database: URL, _ script: String) throws {
        let result = try runPython("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1]); db.executescript(sys.argv[2]); db.commit()
            """, [database.path, script])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Every Bronze row as `column=value` text (NULL as `∅`), in `_source_row` order.
    static func bronzeRows(_ workspace: PipelineWorkspace, _ dataset: String, columns: [String]) throws -> [String] {
        let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", dataset, "--json"]).stdout) as? [String: Any])
        let outputs = try #require(manifest["outputs"] as? [String: String])
        let bronze = try #require(outputs["bronze"]).replacingOccurrences(of: "file://", with: "")
        let result = try runPython("""
            import duckdb, sys
            cols = ['"' + c + '"' for c in sys.argv[2].split(",")]
            rows = duckdb.connect().execute(f"SELECT {', '.join(cols)} FROM read_parquet('{sys.argv[1]}/*.parquet') ORDER BY _source_row").fetchall()
            for row in rows: print("|".join("∅" if v is None else str(v).replace("\\n", "\\\\n") for v in row))
            """, [bronze, columns.joined(separator: ",")])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aTableLandsValueForValueAndSkipsWhenUnchanged() throws {
        let workspace = try PipelineWorkspace("db-table")
        defer { workspace.remove() }
        let database = workspace.root.appendingPathComponent("clinic.db")
        try Self.sql(database, """
            CREATE TABLE visits(id INTEGER PRIMARY KEY, patient TEXT, amount REAL, paid NUMERIC, note TEXT, scan BLOB);
            INSERT INTO visits VALUES (1, 'Ann', 12.5, 1, NULL, x'00ff10');
            INSERT INTO visits VALUES (2, 'Bob "B"', 3.0, 0, 'two
            lines', NULL);
            INSERT INTO visits VALUES (3, 'Zoë', -0.000125, 9007199254740993, '', NULL);
            """)
        try workspace.write("datasets/visits.json", #"{"dataset": "visits", "source": {"url": "sqlite:clinic.db", "table": "visits"}}"#)
        let run = try workspace.medallion(["run", "visits", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.bronzeRows(workspace, "visits", columns: ["id", "patient", "amount", "paid", "note", "scan"]) == [
            "1|Ann|12.5|1|∅|\\x00ff10",
            "2|Bob \"B\"|3.0|0|two\\nlines|∅",
            "3|Zoë|-0.000125|9007199254740993||∅",
        ])
        // The raw copy is the extract, as NDJSON.
        #expect(workspace.lakeFiles().contains { $0.hasPrefix("raw/visits/") && $0.hasSuffix(".ndjson") })
        let again = try workspace.medallion(["run", "visits", "--json"])
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped")
        // A changed row is a changed source.
        try Self.sql(database, "UPDATE visits SET amount = 13 WHERE id = 1;")
        let changed = try workspace.medallion(["run", "visits", "--json"])
        #expect(try PipelineWorkspace.jsonLines(changed.stdout).first?["status"] as? String == "succeeded")

        // A query works as well; a bad one fails the run naming the database.
        try workspace.write("datasets/paid.json", #"{"dataset": "paid", "source": {"url": "sqlite:clinic.db", "query": "SELECT id, patient FROM visits WHERE paid = 1"}}"#)
        #expect(try workspace.medallion(["run", "paid", "--quiet"]).status == 0)
        #expect(try Self.bronzeRows(workspace, "paid", columns: ["id", "patient"]) == ["1|Ann"])
        try workspace.write("datasets/paid.json", #"{"dataset": "paid", "source": {"url": "sqlite:clinic.db", "query": "SELECT nope FROM visits"}}"#)
        let bad = try workspace.medallion(["run", "paid", "--json"])
        #expect(bad.status == 1)
        let error = try PipelineWorkspace.jsonLines(bad.stdout).first?["error"] as? String ?? ""
        #expect(error.contains("sqlite:clinic.db") && error.contains("no such column: nope"), "\(error)")
        // Config mistakes are caught before any run.
        try workspace.write("datasets/paid.json", #"{"dataset": "paid", "source": {"url": "sqlite:clinic.db", "table": "visits; DROP TABLE visits"}}"#)
        let invalid = try workspace.medallion(["run", "paid"])
        #expect(invalid.status == 2 && invalid.stderr.contains("source.table"), "\(invalid.stderr)")
    }

    @Test func anIncrementalLoadTakesOnlyNewRowsOverThreeRuns() throws {
        let workspace = try PipelineWorkspace("db-incremental")
        defer { workspace.remove() }
        let database = workspace.root.appendingPathComponent("app.db")
        try Self.sql(database, """
            CREATE TABLE events(id INTEGER, kind TEXT, updated_at TEXT);
            INSERT INTO events VALUES (1, 'a', '2026-11-01T00:00:00Z'), (2, 'b', '2026-11-02T00:00:00Z');
            """)
        try workspace.write("datasets/events.json", """
            {"dataset": "events", "source": {"url": "sqlite:app.db", "table": "events", "incremental": {"column": "updated_at"}}}
            """)
        func watermark() throws -> String? {
            let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "events", "--json"]).stdout) as? [String: Any])
            return (manifest["layers"] as? [String: Any])?["watermark"] as? String
        }
        #expect(try workspace.medallion(["run", "events", "--quiet"]).status == 0)
        #expect(try Self.bronzeRows(workspace, "events", columns: ["id", "kind"]) == ["1|a", "2|b"])
        #expect(try watermark() == "\"2026-11-02T00:00:00Z\"")

        // Run 2: only the rows past the watermark (an old timestamp arriving late is not).
        try Self.sql(database, """
            INSERT INTO events VALUES (3, 'c', '2026-11-03T00:00:00Z'), (4, 'd', '2026-11-04T00:00:00Z'), (0, 'late', '2026-10-01T00:00:00Z');
            """)
        let dry = try workspace.medallion(["run", "events", "--dry-run"])
        #expect(dry.stderr.contains("events: would run: 2 new rows past the watermark"), "\(dry.stderr)")
        let second = try workspace.medallion(["run", "events", "--json"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.bronzeRows(workspace, "events", columns: ["id", "kind"]) == ["3|c", "4|d"])
        #expect(try watermark() == "\"2026-11-04T00:00:00Z\"")

        // Run 3: nothing new is a skip, and the watermark stays.
        let third = try workspace.medallion(["run", "events", "--json"])
        #expect(try PipelineWorkspace.jsonLines(third.stdout).first?["status"] as? String == "skipped", "\(third.stderr)")
        #expect(third.stderr.contains("no rows past the watermark"), "\(third.stderr)")
        #expect(try watermark() == "\"2026-11-04T00:00:00Z\"")
        // A failed run does not move it: the table is gone.
        try Self.sql(database, "INSERT INTO events VALUES (5, 'e', '2026-11-05T00:00:00Z');")
        try workspace.write("datasets/events.json", """
            {"dataset": "events", "source": {"url": "sqlite:app.db", "table": "missing", "incremental": {"column": "updated_at"}}}
            """)
        #expect(try workspace.medallion(["run", "events", "--quiet"]).status == 1)
        #expect(try watermark() == "\"2026-11-04T00:00:00Z\"")
    }
}
