import Foundation
import Testing
import TestSupport

@Suite(.serialized) struct PipelineRunTests {
    private func sourceRows(csv path: URL) throws -> Int {
        let result = try runPython("import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig'))) - 1)",
                                   [path.path])
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func runAllLandsBronzeThatDuckDBReads() throws {
        let ws = try PipelineWorkspace("all")
        defer { ws.remove() }
        let result = try ws.medallion(["run", "--all", "--json", "--quiet"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summaries = try PipelineWorkspace.jsonLines(result.stdout)
        #expect(Set(summaries.compactMap { $0["dataset"] as? String }) == ["claims", "nsde", "providers"])

        let expectedRows = [
            "nsde": try sourceRows(csv: ws.root.appendingPathComponent("datasets/samples/nsde.csv")),
            "claims": 600,
            "providers": try sourceRows(csv: ws.root.appendingPathComponent("datasets/samples/providers.csv")),
        ]
        for summary in summaries {
            let dataset = try #require(summary["dataset"] as? String)
            #expect(summary["status"] as? String == "succeeded")
            // The contract's keys are all there, null where a layer did not run.
            #expect(Set(summary.keys) == ["dataset", "run_id", "status", "source_sha256", "forced", "rows", "outputs", "duration_s", "error",
                                          "reused"])
            #expect(Set((summary["rows"] as? [String: Any])?.keys ?? [:].keys) == ["source", "bronze", "silver", "quarantined", "gold"])
            #expect(Set((summary["outputs"] as? [String: Any])?.keys ?? [:].keys) == ["bronze", "silver", "gold"])
            let runId = try #require(summary["run_id"] as? String)
            #expect(runId.range(of: #"^\d{8}T\d{6}Z-[0-9a-f]{8}$"#, options: .regularExpression) != nil)
            #expect((summary["source_sha256"] as? String)?.hasPrefix(String(runId.suffix(8))) == true)
            let partition = ws.lake.appendingPathComponent("bronze/\(dataset)/run=\(runId)")
            #expect(FileManager.default.fileExists(atPath: partition.appendingPathComponent("_SUCCESS").path))
            let count = try duckdbScalar("SELECT count(*) FROM read_parquet('\(partition.path)/*.parquet')")
            #expect(Int(count) == expectedRows[dataset], "\(dataset) bronze rows")
            let rows = summary["rows"] as? [String: Any]
            #expect((rows?["bronze"] as? Int) == expectedRows[dataset])
            // Lineage columns: 1-based source rows, the run id everywhere.
            let lineage = try duckdbScalar("""
                SELECT min(_source_row) || ',' || max(_source_row) || ',' || count(DISTINCT _run_id) || ',' || any_value(_run_id)
                FROM read_parquet('\(partition.path)/*.parquet')
                """)
            #expect(lineage == "1,\(expectedRows[dataset] ?? 0),1,\(runId)")
            // The row counter is delta-encoded, not PLAIN.
            let encodings = try duckdbScalar("""
                SELECT string_agg(DISTINCT encodings, ';') FROM parquet_metadata('\(partition.path)/*.parquet')
                WHERE path_in_schema = '_source_row'
                """)
            #expect(encodings.contains("DELTA_BINARY_PACKED") && !encodings.contains("PLAIN"), "\(dataset) _source_row: \(encodings)")
        }
        // Bronze keeps source values as text, nulls as nulls (nsde: NDC11 of the first data row).
        let first = try duckdbScalar("""
            SELECT "NDC11" FROM read_parquet('\(ws.lake.path)/bronze/nsde/*/*.parquet') WHERE _source_row = 1
            """)
        let expectedFirst = try runPython("import csv,sys; r=csv.reader(open(sys.argv[1], newline='')); next(r); print(next(r)[1])",
                                          [ws.root.appendingPathComponent("datasets/samples/nsde.csv").path])
        #expect(first == expectedFirst.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func secondRunSkipsForceRerunsAndConfigEditsReprocess() throws {
        let ws = try PipelineWorkspace("skip")
        defer { ws.remove() }
        let first = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let filesAfterFirst = ws.lakeFiles()

        let second = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(second.status == 0)
        let skipped = try #require(try PipelineWorkspace.jsonLines(second.stdout).first)
        #expect(skipped["status"] as? String == "skipped")
        #expect(ws.lakeFiles() == filesAfterFirst, "a skip writes nothing to the lake")

        let forced = try ws.medallion(["run", "nsde", "--force", "--json", "--quiet"])
        #expect(forced.status == 0)
        let forcedSummary = try #require(try PipelineWorkspace.jsonLines(forced.stdout).first)
        #expect(forcedSummary["status"] as? String == "succeeded")
        #expect(forcedSummary["forced"] as? Bool == true)
        #expect(forcedSummary["run_id"] as? String != skipped["run_id"] as? String)

        // The description changes no output: still a skip.
        let configPath = ws.root.appendingPathComponent("datasets/nsde.json")
        var config = try String(contentsOf: configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "\"description\": \"", with: "\"description\": \"edited: ")
        try config.write(to: configPath, atomically: true, encoding: .utf8)
        let described = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(try PipelineWorkspace.jsonLines(described.stdout).first?["status"] as? String == "skipped")

        // Editing a Silver setting changes that layer's fingerprint: the next run reprocesses.
        config = config.replacingOccurrences(of: "\"ndc11_shape\"", with: "\"ndc11_has_eleven_digits\"")
        try config.write(to: configPath, atomically: true, encoding: .utf8)
        let edited = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        let editedSummary = try #require(try PipelineWorkspace.jsonLines(edited.stdout).first)
        #expect(editedSummary["status"] as? String == "succeeded")
        #expect((editedSummary["reused"] as? [String: Any])?.isEmpty == true, "a Silver change rebuilds every layer")

        let runs = try PipelineWorkspace.json(try ws.medallion(["runs", "--dataset", "nsde", "--json"]).stdout) as? [[String: Any]]
        #expect(runs?.compactMap { $0["status"] as? String } == ["succeeded", "skipped", "succeeded", "skipped", "succeeded"])
        let versions = try PipelineWorkspace.json(try ws.medallion(["manifest", "nsde", "--history", "--json"]).stdout) as? [[String: Any]]
        #expect(versions?.compactMap { $0["version"] as? Int } == [3, 2, 1])
    }

    @Test func manifestShowsTheSourceSHA256AndHistoryListsEvents() throws {
        let ws = try PipelineWorkspace("manifest")
        defer { ws.remove() }
        let run = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let manifest = try #require(try PipelineWorkspace.json(try ws.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        let sha = try runProcess("/usr/bin/sha256sum", [ws.root.appendingPathComponent("datasets/samples/nsde.csv").path])
        #expect(manifest["source_sha256"] as? String == String(sha.stdout.prefix(64)))
        #expect((manifest["rows"] as? [String: Any])?["bronze"] as? Int == 5000)
        let rawURI = try #require(manifest["raw_uri"] as? String)
        let rawPath = try #require(URL(string: rawURI)).path
        #expect(String(try runProcess("/usr/bin/sha256sum", [rawPath]).stdout.prefix(64)) == manifest["source_sha256"] as? String)

        let runId = try #require(manifest["run_id"] as? String)
        let history = try ws.medallion(["history", runId, "--json"])
        #expect(history.status == 0)
        let events = try #require(try PipelineWorkspace.json(history.stdout) as? [[String: Any]])
        let ids = events.compactMap { $0["id"] as? Int }
        #expect(ids == Array(1...events.count))
        let types = events.compactMap { $0["type"] as? String }
        #expect(types.first == "ExecutionStarted")
        #expect(types.last == "ExecutionSucceeded")
        for expected in ["TaskStateEntered", "TaskScheduled", "TaskSucceeded", "ChoiceStateEntered"] {
            #expect(types.contains(expected))
        }
        let states = events.compactMap { $0["state_name"] as? String }
        #expect(states.contains("FetchAndHash") && states.contains("Bronze") && states.contains("UpdateManifest"))
        let table = try ws.medallion(["history", runId])
        #expect(table.stdout.contains("ExecutionSucceeded"))
    }

    @Test func missingSourceFailsAndLeavesTheManifestAlone() throws {
        let ws = try PipelineWorkspace("404")
        defer { ws.remove() }
        let served = try TestEnvironment.makeTemporaryDirectory("e2e-404-www")
        defer { try? FileManager.default.removeItem(at: served) }
        let server = try PythonServer.staticFiles(served)
        defer { server.stop() }
        try ws.write("datasets/gone.json", """
            {"dataset": "gone", "source": {"url": "\(server.baseURL)/missing.csv", "format": "csv"}}
            """)
        let result = try ws.medallion(["run", "gone", "--json", "--quiet"])
        #expect(result.status == 1)
        let summary = try #require(try PipelineWorkspace.jsonLines(result.stdout).first)
        #expect(summary["status"] as? String == "failed")
        #expect((summary["error"] as? String)?.contains("404") == true)
        #expect((summary["error"] as? String)?.hasPrefix("Medallion.SourceNotFound") == true, "\(summary["error"] ?? "")")
        let runs = try PipelineWorkspace.json(try ws.medallion(["runs", "--dataset", "gone", "--json"]).stdout) as? [[String: Any]]
        #expect(runs?.first?["status"] as? String == "failed")
        let manifest = try ws.medallion(["manifest", "gone", "--json"])
        #expect(manifest.status == 1)
        #expect(ws.lakeFiles().isEmpty)
    }

    @Test func malformedCSVNamesTheRecordAndPublishesNothing() throws {
        let ws = try PipelineWorkspace("badcsv")
        defer { ws.remove() }
        try ws.write("datasets/samples/bad.csv", "id,name\n1,ok\n2,\"unterminated\n3,x\n")
        try ws.write("datasets/bad.json", """
            {"dataset": "bad", "source": {"url": "file:datasets/samples/bad.csv", "format": "csv"}}
            """)
        let result = try ws.medallion(["run", "bad", "--json"])
        #expect(result.status == 1)
        let summary = try #require(try PipelineWorkspace.jsonLines(result.stdout).first)
        let error = try #require(summary["error"] as? String)
        #expect(error.contains("record 2"), "error: \(error)")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })
        #expect(try ws.medallion(["manifest", "bad", "--json"]).status == 1)

        try ws.write("datasets/samples/ragged.csv", "id,name\n1,ok\n2,too,many\n")
        try ws.write("datasets/ragged.json", """
            {"dataset": "ragged", "source": {"url": "file:datasets/samples/ragged.csv", "format": "csv"}}
            """)
        let ragged = try ws.medallion(["run", "ragged", "--json", "--quiet"])
        #expect(ragged.status == 1)
        let raggedError = try #require(try PipelineWorkspace.jsonLines(ragged.stdout).first?["error"] as? String)
        #expect(raggedError.contains("record 2"), "error: \(raggedError)")
    }

    @Test func badConfigsAreUsageErrorsNamingTheKey() throws {
        let ws = try PipelineWorkspace("config")
        defer { ws.remove() }
        try ws.write("datasets/typo.json", """
            {"dataset": "typo", "source": {"url": "file:x.csv", "format": "csv", "delimter": ";"}}
            """)
        let run = try ws.medallion(["run", "typo"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("source.delimter"))
        let validate = try ws.medallion(["validate", "datasets/typo.json"])
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("source.delimter: unknown key"))
        let good = try ws.medallion(["validate", "datasets/nsde.json", "statemachines/medallion.asl.json"])
        #expect(good.status == 0, "stderr: \(good.stderr)")
        #expect(try ws.medallion(["run", "nope"]).status == 2)
        #expect(try ws.medallion(["run"]).status == 2)
    }

    @Test func stepByStepThroughTaskMatchesRun() throws {
        let ws = try PipelineWorkspace("task")
        defer { ws.remove() }
        let runId = "20261124T101500Z-0badc0de"
        let fetch = try ws.medallion(["task", "medallion:fetch-and-hash", "--input",
                                      #"{"dataset": "nsde", "run_id": "\#(runId)", "force": false}"#])
        #expect(fetch.status == 0, "stderr: \(fetch.stderr) stdout: \(fetch.stdout)")
        let fetchOutput = try #require(try PipelineWorkspace.json(fetch.stdout) as? [String: Any])
        #expect(fetchOutput["changed"] as? Bool == true)
        let fetchJSON = fetch.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let bronze = try ws.medallion(["task", "medallion:bronze", "--input", #"{"dataset": "nsde", "fetch": \#(fetchJSON)}"#])
        #expect(bronze.status == 0, "stderr: \(bronze.stderr) stdout: \(bronze.stdout)")
        let bronzeJSON = bronze.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let silverInput = ws.root.appendingPathComponent("silver.json")
        try Data(#"{"dataset": "nsde", "fetch": \#(fetchJSON), "bronze": \#(bronzeJSON)}"#.utf8).write(to: silverInput)
        let silver = try ws.medallion(["task", "medallion:silver", "--input", "@\(silverInput.path)"])
        #expect(silver.status == 0, "stderr: \(silver.stderr) stdout: \(silver.stdout)")
        let silverJSON = silver.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let goldInput = ws.root.appendingPathComponent("gold.json")
        try Data(#"{"dataset": "nsde", "fetch": \#(fetchJSON), "silver": \#(silverJSON)}"#.utf8).write(to: goldInput)
        let gold = try ws.medallion(["task", "medallion:gold", "--input", "@\(goldInput.path)"])
        #expect(gold.status == 0, "stderr: \(gold.stderr) stdout: \(gold.stdout)")
        let goldJSON = gold.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let inputFile = ws.root.appendingPathComponent("update.json")
        try Data(#"{"dataset": "nsde", "run_id": "\#(runId)", "fetch": \#(fetchJSON), "bronze": \#(bronzeJSON), "silver": \#(silverJSON), "gold": \#(goldJSON)}"#.utf8).write(to: inputFile)
        let update = try ws.medallion(["task", "medallion:update-manifest", "--input", "@\(inputFile.path)"])
        #expect(update.status == 0, "stderr: \(update.stderr) stdout: \(update.stdout)")

        let stepManifest = try #require(try PipelineWorkspace.json(try ws.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        #expect(stepManifest["version"] as? Int == 1)
        let stepBronze = try #require((stepManifest["outputs"] as? [String: Any])?["bronze"] as? String)

        // The same dataset through `medallion run` in a second workspace gives the same manifest and data.
        let other = try PipelineWorkspace("task-run")
        defer { other.remove() }
        #expect(try other.medallion(["run", "nsde", "--quiet"]).status == 0)
        let runManifest = try #require(try PipelineWorkspace.json(try other.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        for key in ["source_sha256", "source_bytes", "pipeline_fingerprint", "rows", "version"] {
            let same = (stepManifest[key] as? NSObject).map { value in (runManifest[key] as? NSObject).map { value.isEqual($0) } ?? false } ?? false
            #expect(same, "\(key): \(String(describing: stepManifest[key])) vs \(String(describing: runManifest[key]))")
        }
        let runBronze = try #require((runManifest["outputs"] as? [String: Any])?["bronze"] as? String)
        // DuckDB adds the hive partition column `run` from the path; it differs like _run_id.
        let columns = "* EXCLUDE (_run_id, _ingested_at, run)"
        let difference = try duckdbScalar("""
            SELECT count(*) FROM (
              (SELECT \(columns) FROM read_parquet('\(try #require(URL(string: stepBronze)).path)/*.parquet')
               EXCEPT ALL SELECT \(columns) FROM read_parquet('\(try #require(URL(string: runBronze)).path)/*.parquet'))
              UNION ALL
              (SELECT \(columns) FROM read_parquet('\(try #require(URL(string: runBronze)).path)/*.parquet')
               EXCEPT ALL SELECT \(columns) FROM read_parquet('\(try #require(URL(string: stepBronze)).path)/*.parquet')))
            """)
        #expect(difference == "0")
        func normalized(_ files: [String]) -> [String] {
            files.map { $0.replacingOccurrences(of: #"(run|version)=[^/]+"#, with: "$1=*", options: .regularExpression)
                .replacingOccurrences(of: #"ingest_date=[^/]+"#, with: "d", options: .regularExpression) }
        }
        #expect(normalized(ws.lakeFiles()) == normalized(other.lakeFiles()))
        #expect(ws.lakeFiles().contains { $0.hasPrefix("silver/nsde/version=") && $0.hasSuffix("/_SUCCESS") })
    }

    /// 150,000 records cross several 65,536-row batches handed to the Parquet writer thread;
    /// gzip is undone transparently and the raw copy keeps the compressed bytes.
    @Test func largeGzipSourceSpansManyBatches() throws {
        let ws = try PipelineWorkspace("large")
        defer { ws.remove() }
        let source = ws.root.appendingPathComponent("datasets/samples/big.csv.gz")
        let made = try runPython("""
            import csv, gzip, io, random, sys
            random.seed(11)
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator='\\n')
            w.writerow(['id', 'name', 'amount', 'note'])
            for i in range(150000):
                w.writerow([i, 'name "%d"\\nline' % (i % 977), '%.2f' % (random.random() * 1000), '' if i % 7 == 0 else 'n%d' % i])
            open(sys.argv[1], 'wb').write(gzip.compress(buf.getvalue().encode()))
            """, [source.path])
        #expect(made.status == 0, "\(made.stderr)")
        try ws.write("datasets/big.json", """
            {"dataset": "big", "source": {"url": "file:datasets/samples/big.csv.gz", "format": "csv"},
             "state_machine": "statemachines/medallion.asl.json"}
            """)
        let run = try ws.medallion(["run", "big", "--json", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        let runId = try #require(summary["run_id"] as? String)
        let partition = ws.lake.appendingPathComponent("bronze/big/run=\(runId)")
        let check = try duckdbScalar("""
            SELECT count(*) || ',' || sum(CAST(id AS BIGINT)) || ',' || count(note) || ',' || min(_source_row) || ',' || max(_source_row)
                   || ',' || sum(CASE WHEN _source_row = CAST(id AS BIGINT) + 1 THEN 1 ELSE 0 END)
            FROM read_parquet('\(partition.path)/*.parquet')
            """)
        let notes = 150_000 - (0..<150_000).filter { $0 % 7 == 0 }.count
        #expect(check == "150000,\((0..<150_000).reduce(0, +)),\(notes),1,150000,150000")
        let name = try duckdbScalar("SELECT name FROM read_parquet('\(partition.path)/*.parquet') WHERE id = '1000'")
        #expect(name == "name \"23\"\nline".replacingOccurrences(of: "\n", with: "\n"))
        let raw = ws.lakeFiles().filter { $0.hasPrefix("raw/big/") }
        #expect(raw.count == 1 && raw[0].hasSuffix(".csv.gz"), "\(raw)")
        let rawSHA = try runPython("import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())",
                                   [ws.lake.appendingPathComponent(raw[0]).path])
        #expect(rawSHA.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == summary["source_sha256"] as? String)
    }

    /// A run whose bronze publish failed (a file squats on the partition's directory) is
    /// redriven from Bronze once the obstacle is gone: FetchAndHash is not repeated, the history
    /// goes on after ExecutionFailed, the run ends succeeded with one manifest version.
    @Test func resumeRedrivesAFailedRunFromTheFailedState() throws {
        let ws = try PipelineWorkspace("resume")
        defer { ws.remove() }
        let blocker = ws.lake.appendingPathComponent("bronze/nsde")
        try FileManager.default.createDirectory(at: blocker.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("not a directory".utf8).write(to: blocker)
        let failed = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(failed.status == 1)
        let failedSummary = try #require(try PipelineWorkspace.jsonLines(failed.stdout).first)
        let runId = try #require(failedSummary["run_id"] as? String)
        #expect((failedSummary["error"] as? String)?.contains("Medallion.StorageFailed") == true)

        #expect(try ws.medallion(["resume", "no-such-run"]).status == 2)
        try FileManager.default.removeItem(at: blocker)
        let resumed = try ws.medallion(["resume", runId, "--json", "--quiet"])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(resumed.stdout).first)
        #expect(summary["status"] as? String == "succeeded")
        #expect(summary["run_id"] as? String == runId)
        #expect((summary["rows"] as? [String: Any])?["bronze"] as? Int == 5000)

        let history = try #require(try PipelineWorkspace.json(try ws.medallion(["history", runId, "--json"]).stdout) as? [[String: Any]])
        let types = history.compactMap { $0["type"] as? String }
        let redriven = try #require(types.firstIndex(of: "ExecutionRedriven"))
        #expect(types[..<redriven].contains("ExecutionFailed"))
        #expect(history[redriven...].allSatisfy { $0["state_name"] as? String != "FetchAndHash" }, "fetch is not repeated")
        #expect(history[redriven]["state_name"] as? String == "Bronze")
        #expect(types.last == "ExecutionSucceeded")
        let ids = history.compactMap { $0["id"] as? Int }
        #expect(ids == Array(1...history.count), "event ids go on in order")
        let manifest = try #require(try PipelineWorkspace.json(try ws.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        #expect(manifest["version"] as? Int == 1)
        #expect(manifest["run_id"] as? String == runId)
        // Resuming a run that succeeded is refused.
        #expect(try ws.medallion(["resume", runId]).status == 2)
    }
}
