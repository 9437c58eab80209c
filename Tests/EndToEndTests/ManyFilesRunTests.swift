import Foundation
import Testing
import TestSupport

/// Many-file sources (`source.glob`, `urls`, `index`) through the real binary: every file
/// lands as its own Bronze part, a rerun with the same files skips, changed files show as new
/// SHA-256s in `manifest --files`, one bad file fails the run (or is skipped when configured),
/// and an MRF-shaped index is followed over loopback HTTP.
@Suite struct ManyFilesRunTests {
    /// Writes `count` gzip NDJSON files `data/claims-NNN.ndjson.gz` of `rows` rows each;
    /// file i of `changed` gets one more row (so its bytes and row count differ).
    static func writeClaims(_ directory: URL, count: Int, rows: Int, changed: [Int] = []) throws {
        let result = try runPython("""
            import gzip, json, os, sys
            directory, count, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
            changed = set(int(x) for x in sys.argv[4].split(",") if x)
            os.makedirs(directory, exist_ok=True)
            for i in range(count):
                n = rows + (1 if i in changed else 0)
                lines = [json.dumps({"claim_id": f"{i}-{j}", "member": f"m{(i * 7 + j) % 50}", "amount": f"{i}.{j:02d}"}) for j in range(n)]
                with gzip.GzipFile(os.path.join(directory, f"claims-{i:03d}.ndjson.gz"), "wb", mtime=0) as out:
                    out.write(("\\n".join(lines) + "\\n").encode())
            """, [directory.path, "\(count)", "\(rows)", changed.map(String.init).joined(separator: ",")])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// `manifest <dataset> --files --json`.
    static func files(_ workspace: PipelineWorkspace, _ dataset: String) throws -> [[String: Any]] {
        let shown = try workspace.medallion(["manifest", dataset, "--files", "--json"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let view = try #require(try PipelineWorkspace.json(shown.stdout) as? [String: Any])
        return try #require(view["files"] as? [[String: Any]])
    }

    static func bronzePath(_ summary: [String: Any]) throws -> String {
        let outputs = try #require(summary["outputs"] as? [String: Any])
        return try #require(outputs["bronze"] as? String).replacingOccurrences(of: "file://", with: "")
    }

    @Test func twoHundredGzipFilesLandAsPartsThenSkipThenReingestTheThreeChanged() throws {
        let workspace = try PipelineWorkspace("many-files")
        defer { workspace.remove() }
        let data = workspace.root.appendingPathComponent("data")
        try Self.writeClaims(data, count: 200, rows: 5)
        try workspace.write("datasets/claims.json", """
            {"dataset": "claims", "source": {"glob": "file:data/claims-*.ndjson.gz", "format": "ndjson", "max_concurrency": 4},
             "silver": {"keys": ["claim_id"]}}
            """)
        let first = try workspace.medallion(["run", "claims", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(first.stdout).first)
        #expect(summary["status"] as? String == "succeeded", "\(summary)")
        #expect((summary["rows"] as? [String: Any])?["silver"] as? Int == 1000)

        // One part per file, in file order; DuckDB reads every row with its file's SHA-256.
        let bronze = try Self.bronzePath(summary)
        let parts = try FileManager.default.contentsOfDirectory(atPath: bronze).filter { $0.hasSuffix(".parquet") }.sorted()
        #expect(parts.count == 200)
        #expect(parts.first == "part-00000.parquet" && parts.last == "part-00199.parquet")
        #expect(try duckdbScalar("SELECT count(*) FROM read_parquet('\(bronze)/*.parquet')") == "1000")
        #expect(try duckdbScalar("SELECT count(DISTINCT _source_sha256) FROM read_parquet('\(bronze)/*.parquet')") == "200")
        // part-00042 holds file 42's rows, numbered within the file.
        #expect(try duckdbScalar("SELECT string_agg(claim_id || ':' || _source_row, ',' ORDER BY _source_row) FROM read_parquet('\(bronze)/part-00042.parquet')")
                == "42-0:1,42-1:2,42-2:3,42-3:4,42-4:5")

        let before = try Self.files(workspace, "claims")
        #expect(before.count == 200)
        #expect(before.allSatisfy { ($0["rows"] as? Int) == 5 && ($0["sha256"] as? String)?.count == 64 && $0["error"] == nil })
        #expect(before[7]["url"] as? String == "file:data/claims-007.ndjson.gz")
        // The file's SHA-256 is that of its bytes.
        let hashed = try runPython("import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())",
                                   [data.appendingPathComponent("claims-007.ndjson.gz").path])
        #expect(before[7]["sha256"] as? String == hashed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))

        let again = try workspace.medallion(["run", "claims", "--json"])
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped")
        // The files' raw copies are referenced by the version (no run's cleanup takes them).
        func rawCopies() -> Int { workspace.lakeFiles().filter { $0.hasPrefix("raw/claims/") && $0.hasSuffix(".ndjson.gz") }.count }
        #expect(rawCopies() == 200)

        // Three files change: the run re-ingests, and exactly those three have new SHA-256s.
        #expect(try workspace.medallion(["run", "claims", "--dry-run"]).stderr.contains("claims: would skip: source unchanged"))
        try Self.writeClaims(data, count: 200, rows: 5, changed: [3, 99, 150])
        #expect(try workspace.medallion(["run", "claims", "--dry-run"]).stderr.contains("claims: would run: source SHA-256 changed"))
        let changed = try workspace.medallion(["run", "claims", "--json"])
        let changedSummary = try #require(try PipelineWorkspace.jsonLines(changed.stdout).first)
        #expect(changedSummary["status"] as? String == "succeeded", "\(changed.stderr)")
        let after = try Self.files(workspace, "claims")
        #expect(after.count == 200)
        let differing = (0..<200).filter { before[$0]["sha256"] as? String != after[$0]["sha256"] as? String }
        #expect(differing == [3, 99, 150])
        #expect(differing.allSatisfy { after[$0]["rows"] as? Int == 6 })
        let changedBronze = try Self.bronzePath(changedSummary)
        #expect(try duckdbScalar("SELECT count(*) FROM read_parquet('\(changedBronze)/*.parquet')") == "1003")
        // Unchanged files were read from their earlier raw copies, not landed again.
        #expect(after[7]["raw_uri"] as? String == before[7]["raw_uri"] as? String)
        #expect(rawCopies() == 203)
        #expect(after.allSatisfy { file in
            FileManager.default.fileExists(atPath: (file["raw_uri"] as? String ?? "").replacingOccurrences(of: "file://", with: ""))
        })

        // Vacuum keeping one version removes only the three replaced files' raw copies; the
        // others are shared with the kept version.
        let vacuum = try workspace.medallion(["vacuum", "claims", "--keep", "1"])
        #expect(vacuum.status == 0, "\(vacuum.stderr)")
        #expect(rawCopies() == 200)
        #expect(after.allSatisfy { file in
            FileManager.default.fileExists(atPath: (file["raw_uri"] as? String ?? "").replacingOccurrences(of: "file://", with: ""))
        })

        // The human table lists every file.
        let table = try workspace.medallion(["manifest", "claims", "--files"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("file:data/claims-199.ndjson.gz"))
    }

    @Test func oneBadFileFailsTheRunUnlessItIsSkipped() throws {
        let workspace = try PipelineWorkspace("many-files-bad")
        defer { workspace.remove() }
        try workspace.write("data/a.csv", "id,name\n1,Ann\n2,Bob\n")
        try workspace.write("data/b.csv", "id,name\n3,\"Cy\n")
        try workspace.write("data/c.csv", "id,name\n4,Dee\n")
        let urls = #"["file:data/a.csv", "file:data/missing.csv", "file:data/c.csv"]"#
        try workspace.write("datasets/people.json", #"{"dataset": "people", "source": {"urls": \#(urls), "format": "csv"}}"#)
        let failed = try workspace.medallion(["run", "people", "--json"])
        #expect(failed.status == 1)
        let error = try PipelineWorkspace.jsonLines(failed.stdout).first?["error"] as? String ?? ""
        #expect(error.contains("file 2 of 3 (file:data/missing.csv)"), "\(error)")
        #expect(!workspace.lakeFiles().contains { $0.hasPrefix("bronze/") || $0.hasPrefix("silver/") })

        // A file that is present but unreadable (an unterminated quote) fails Bronze: nothing is published.
        try workspace.write("datasets/people.json", #"{"dataset": "people", "source": {"urls": ["file:data/a.csv", "file:data/b.csv"], "format": "csv"}}"#)
        let unreadable = try workspace.medallion(["run", "people", "--json"])
        #expect(unreadable.status == 1)
        #expect((try PipelineWorkspace.jsonLines(unreadable.stdout).first?["error"] as? String ?? "").contains("file 2 of 2 (file:data/b.csv)"))
        #expect(!workspace.lakeFiles().contains { $0.hasPrefix("bronze/") || $0.hasPrefix("silver/") })

        // With on_file_error "skip" both bad files are recorded and left out.
        try workspace.write("datasets/people.json", """
            {"dataset": "people", "source": {"urls": ["file:data/a.csv", "file:data/missing.csv", "file:data/b.csv", "file:data/c.csv"],
             "format": "csv", "on_file_error": "skip"}}
            """)
        let skipped = try workspace.medallion(["run", "people", "--json"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(skipped.stdout).first)
        #expect((summary["rows"] as? [String: Any])?["bronze"] as? Int == 3)
        let files = try Self.files(workspace, "people")
        #expect(files.map { $0["rows"] as? Int } == [2, nil, nil, 1])
        #expect((files[1]["error"] as? String ?? "").contains("missing.csv"))
        #expect((files[2]["error"] as? String ?? "").contains("file:data/b.csv"))
        #expect(files[1]["sha256"] == nil && files[2]["sha256"] as? String != nil)
        let bronze = try Self.bronzePath(summary)
        #expect(try duckdbScalar("SELECT string_agg(name, ',' ORDER BY id) FROM read_parquet('\(bronze)/*.parquet')") == "Ann,Bob,Dee")

        // Skipping cannot leave nothing: a run whose every file fails, fails.
        try workspace.write("datasets/people.json", """
            {"dataset": "people", "source": {"urls": ["file:data/gone-1.csv", "file:data/gone-2.csv"], "format": "csv", "on_file_error": "skip"}}
            """)
        let none = try workspace.medallion(["run", "people", "--json"])
        #expect(none.status == 1)
        #expect((try PipelineWorkspace.jsonLines(none.stdout).first?["error"] as? String ?? "").contains("none of the 2 files could be fetched"))
    }

    @Test func anMRFIndexIsFollowedOverLoopbackHTTP() throws {
        let workspace = try PipelineWorkspace("many-files-index")
        defer { workspace.remove() }
        let served = workspace.root.appendingPathComponent("served")
        try Self.writeClaims(served.appendingPathComponent("mrf/files"), count: 3, rows: 4)
        let server = try PythonServer.staticFiles(served)
        defer { server.stop() }
        // Relative locations resolve against the index URL; the file two plans share is read once;
        // an absolute URL is taken as it is.
        try workspace.write("served/mrf/index.json", """
            {"reporting_entity_name": "Payer", "reporting_structure": [
              {"reporting_plans": [{"plan_name": "A"}], "in_network_files": [
                {"description": "0", "location": "files/claims-000.ndjson.gz"},
                {"description": "1", "location": "\(server.baseURL)/mrf/files/claims-001.ndjson.gz"}]},
              {"reporting_plans": [{"plan_name": "B"}], "in_network_files": [
                {"description": "0", "location": "files/claims-000.ndjson.gz"},
                {"description": "2", "location": "./files/claims-002.ndjson.gz"}]}]}
            """)
        try workspace.write("datasets/rates.json", """
            {"dataset": "rates", "source": {"index": {"url": "\(server.baseURL)/mrf/index.json",
              "path": "$.reporting_structure[*].in_network_files[*].location"}, "format": "ndjson"}}
            """)
        let run = try workspace.medallion(["run", "rates", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        #expect((summary["rows"] as? [String: Any])?["bronze"] as? Int == 12)
        let files = try Self.files(workspace, "rates")
        #expect(files.map { $0["url"] as? String ?? "" } == (0..<3).map { "\(server.baseURL)/mrf/files/claims-00\($0).ndjson.gz" })
        let bronze = try Self.bronzePath(summary)
        #expect(try duckdbScalar("SELECT count(DISTINCT claim_id) FROM read_parquet('\(bronze)/*.parquet')") == "12")
        let again = try workspace.medallion(["run", "rates", "--json"])
        #expect(try PipelineWorkspace.jsonLines(again.stdout).first?["status"] as? String == "skipped")

        // A Gold table added: only Gold is rebuilt, and the version keeps the same files and rows.
        try workspace.write("datasets/rates.json", """
            {"dataset": "rates", "source": {"index": {"url": "\(server.baseURL)/mrf/index.json",
              "path": "$.reporting_structure[*].in_network_files[*].location"}, "format": "ndjson"},
             "gold": {"tables": [{"name": "by_member", "group_by": ["member"], "metrics": {"claims": "count(*)"}}]}}
            """)
        let gold = try workspace.medallion(["run", "rates", "--json"])
        #expect(gold.status == 0, "\(gold.stderr)")
        let reused = try Self.files(workspace, "rates")
        #expect(reused.map { $0["sha256"] as? String } == files.map { $0["sha256"] as? String })
        #expect(reused.map { $0["rows"] as? Int } == [4, 4, 4])
        // --sample N takes the first N records of the files in order.
        let sample = try workspace.medallion(["run", "rates", "--sample", "5", "--json"])
        #expect((try PipelineWorkspace.jsonLines(sample.stdout).first?["rows"] as? [String: Any])?["bronze"] as? Int == 5, "\(sample.stderr)")
        // --force reprocesses every file.
        let forced = try workspace.medallion(["run", "rates", "--force", "--json"])
        let forcedSummary = try #require(try PipelineWorkspace.jsonLines(forced.stdout).first)
        #expect(forcedSummary["status"] as? String == "succeeded")
        #expect((forcedSummary["rows"] as? [String: Any])?["bronze"] as? Int == 12)
    }
}
