import Foundation
import Testing
import TestSupport

/// `postgresql://` sources against a real PostgreSQL server started by the test: every common
/// column type as exact text, the password only from PGPASSWORD, a million rows through a
/// server-side cursor in bounded memory, and an incremental load over three runs.
@Suite(.serialized) struct PostgresSourceRunTests {
    static func config(_ workspace: PipelineWorkspace, _ dataset: String, _ url: String, _ source: String) throws {
        try workspace.write("datasets/\(dataset).json", """
            {"dataset": "\(dataset)", "source": {"url": "\(url)", \(source)}}
            """)
    }

    @Test func everyCommonTypeLandsAsExactText() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try server.sql("""
            CREATE TABLE everything (
              id integer PRIMARY KEY, small smallint, big bigint, amount numeric(30,10), ratio real, precise double precision,
              flag boolean, name text, code varchar(10), fixed char(3), day date, at timestamp, at_zone timestamptz,
              span interval, raw bytea, uid uuid, doc json, docb jsonb, counts integer[], tags text[]);
            INSERT INTO everything VALUES
              (1, -32768, 9223372036854775807, 12345678901234567890.0123456789, 0.1, 0.1, true, 'Zoë "quoted"', 'abc', 'x',
               '2026-11-30', '2026-11-30 06:07:08.123456', '2026-11-30 07:07:08+01', '1 day 02:03:04', '\\x00ff10',
               'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1, "a": [1, 2]}', '{"b": 1, "a": [1, 2]}', '{1,NULL,3}', '{"a b","c"}'),
              (2, NULL, NULL, NULL, NULL, NULL, false, E'two\\nlines', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{}', NULL);
            """)
        let workspace = try PipelineWorkspace("pg-types")
        defer { workspace.remove() }
        try Self.config(workspace, "everything", server.url(), #""table": "everything""#)
        let environment = ["PGPASSWORD": server.password]
        let run = try workspace.medallion(["run", "everything", "--json"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try DatabaseSourceRunTests.bronzeRows(workspace, "everything", columns: [
            "id", "small", "big", "amount", "ratio", "precise", "flag", "name", "code", "fixed", "day", "at", "at_zone", "span", "raw",
            "uid", "doc", "docb", "counts", "tags"])
        #expect(rows == [
            "1|-32768|9223372036854775807|12345678901234567890.0123456789|0.1|0.1|t|Zoë \"quoted\"|abc|x  |2026-11-30|2026-11-30 06:07:08.123456"
                + "|2026-11-30 06:07:08+00|P1DT2H3M4S|\\x00ff10|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|{\"b\": 1, \"a\": [1, 2]}"
                + "|{\"a\": [1, 2], \"b\": 1}|[1,null,3]|[\"a b\",\"c\"]",
            "2|∅|∅|∅|∅|∅|f|two\\nlines|∅|∅|∅|∅|∅|∅|∅|∅|∅|∅|[]|∅",
        ])
        // Unchanged rows: a skip. Without the password: a failed run that says why.
        let again = try workspace.medallion(["run", "everything", "--json"], environment: environment)
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped")
        try server.sql("UPDATE everything SET name = 'changed' WHERE id = 2")
        let denied = try workspace.medallion(["run", "everything", "--json"], environment: ["PGPASSWORD": "wrong"])
        #expect(denied.status == 1)
        let error = try PipelineWorkspace.jsonLines(denied.stdout).first?["error"] as? String ?? ""
        #expect(error.contains("password authentication failed"), "\(error)")
        #expect(!error.contains("wrong") && !error.contains(server.password))
        // A password in the config is refused before anything runs.
        try Self.config(workspace, "everything", "postgresql://medallion:\(server.password)@127.0.0.1:\(server.port)/postgres", #""table": "everything""#)
        let refused = try workspace.medallion(["validate", "datasets/everything.json"])
        #expect(refused.status == 2)
        #expect((refused.stdout + refused.stderr).contains("must not hold a password"))
    }

    @Test func aMillionRowsStreamInBoundedMemory() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try server.sql("CREATE TABLE big AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 1000000) AS g")
        let workspace = try PipelineWorkspace("pg-big")
        defer { workspace.remove() }
        try Self.config(workspace, "big", server.url(), #""table": "big""#)
        // The extract step as its own process (Bronze's own memory bounds have their tests), and
        // its peak RSS as the Gold and wide-file tests measure it.
        let result = try runPython("""
            import resource, subprocess, sys
            done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
            sys.stderr.write(done.stderr)
            sys.stderr.write(done.stdout)
            print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """, [workspace.root.path, TestEnvironment.medallionBinary.path, "task", "medallion:fetch-and-hash", "--input",
                  #"{"dataset": "big", "run_id": "20261130T101500Z-0badc0de", "force": false}"#],
            environment: ["MEDALLION_LAKE": workspace.lake.path, "MEDALLION_MANIFEST": "", "PGPASSWORD": server.password])
        let parts = result.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(parts.first == "0", "\(result.stderr)")
        let peakMB = (Int(parts.last ?? "") ?? Int.max) / 1024
        // The extract is ~60 MB of NDJSON: it streams through a cursor, never held.
        #expect(peakMB < 100, "peak RSS \(peakMB) MB")
        let raw = workspace.lakeFiles().filter { $0.hasPrefix("raw/big/") && $0.hasSuffix(".ndjson") }
        #expect(raw.count == 1)
        let extract = workspace.lake.appendingPathComponent(try #require(raw.first)).path
        #expect(try duckdbScalar("SELECT count(*) || ' ' || count(DISTINCT id) || ' ' || max(id::BIGINT) || ' ' || min(length(v)) "
                                 + "FROM read_json('\(extract)', format = 'newline_delimited', columns = {id: 'VARCHAR', v: 'VARCHAR'})")
                == "1000000 1000000 1000000 32")
    }

    @Test func anIncrementalLoadOverThreeRuns() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        try server.sql("""
            CREATE TABLE orders (id integer, total numeric(12,2), updated_at timestamptz);
            INSERT INTO orders VALUES (1, 10.50, '2026-11-01 00:00:00+00'), (2, 20.00, '2026-11-02 00:00:00+00');
            """)
        let workspace = try PipelineWorkspace("pg-incremental")
        defer { workspace.remove() }
        try Self.config(workspace, "orders", server.url(), #""table": "orders", "incremental": {"column": "updated_at"}"#)
        let environment = ["PGPASSWORD": server.password]
        func watermark() throws -> String? {
            let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "orders", "--json"]).stdout) as? [String: Any])
            return (manifest["layers"] as? [String: Any])?["watermark"] as? String
        }
        #expect(try workspace.medallion(["run", "orders", "--quiet"], environment: environment).status == 0)
        #expect(try DatabaseSourceRunTests.bronzeRows(workspace, "orders", columns: ["id", "total"]) == ["1|10.50", "2|20.00"])
        #expect(try watermark() == "\"2026-11-02 00:00:00+00\"")
        try server.sql("INSERT INTO orders VALUES (3, 30.25, '2026-11-03 12:00:00+02'), (0, 1.00, '2026-10-01 00:00:00+00')")
        #expect(try workspace.medallion(["run", "orders", "--quiet"], environment: environment).status == 0)
        #expect(try DatabaseSourceRunTests.bronzeRows(workspace, "orders", columns: ["id", "total", "updated_at"]) == ["3|30.25|2026-11-03 10:00:00+00"])
        #expect(try watermark() == "\"2026-11-03 10:00:00+00\"")
        let third = try workspace.medallion(["run", "orders", "--json"], environment: environment)
        #expect(try PipelineWorkspace.jsonLines(third.stdout).first?["status"] as? String == "skipped")
        // A failed run (server gone) leaves the watermark where it was.
        try server.sql("INSERT INTO orders VALUES (4, 40.00, '2026-11-04 00:00:00+00')")
        server.stop()
        #expect(try workspace.medallion(["run", "orders", "--quiet"], environment: environment).status == 1)
        #expect(try watermark() == "\"2026-11-03 10:00:00+00\"")
    }
}
