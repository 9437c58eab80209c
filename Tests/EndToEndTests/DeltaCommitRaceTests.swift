import Foundation
import Testing
import TestSupport

/// Two processes committing the same Delta version: `medallion run` is held just before it
/// writes its commit (`MEDALLION_TEST_DELTA_PAUSE`), another writer (delta-rs, a Delta writer
/// of its own) commits that version first; then medallion's create-if-absent write finds the
/// version taken, reads the log again and commits on top. Exactly one commit per version; both
/// writers' versions read back.
@Suite(.serialized) struct DeltaCommitRaceTests {
    /// argv: table URI, storage options JSON. Overwrites the table with its own rows (one commit).
    static let competitor = """
        import json, os, sys
        from deltalake import DeltaTable, write_deltalake
        uri, options = sys.argv[1], json.loads(sys.argv[2])
        table = DeltaTable(uri, storage_options=options)
        before = table.version()
        write_deltalake(uri, table.to_pyarrow_table(), mode="overwrite", storage_options=options)
        print(json.dumps({"before": before, "after": DeltaTable(uri, storage_options=options).version()}), flush=True)
        # Skip interpreter teardown: under load, pyarrow and deltalake threads sometimes abort
        # at exit ("terminate called without an active exception") after the work is done.
        os._exit(0)
        """

    /// argv: table URI, storage options JSON. Every version's operation, run id and rows.
    static let versions = """
        import json, os, sys
        from deltalake import DeltaTable
        uri, options = sys.argv[1], json.loads(sys.argv[2])
        latest = DeltaTable(uri, storage_options=options)
        out = []
        for entry in sorted(latest.history(), key=lambda h: h["version"]):
            dt = DeltaTable(uri, version=entry["version"], storage_options=options)
            table = dt.to_pyarrow_table()
            out.append({"version": entry["version"], "operation": entry.get("operation"), "run": entry.get("runId"),
                        "rows": table.num_rows, "files": dt.file_uris()})
        print(json.dumps(out), flush=True)
        # Skip interpreter teardown: under load, pyarrow and deltalake threads sometimes abort
        # at exit ("terminate called without an active exception") after the work is done.
        os._exit(0)
        """

    /// Starts `medallion` without waiting; stdout and stderr go to files in the workspace.
    func start(_ ws: PipelineWorkspace, _ arguments: [String], environment: [String: String]) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = TestEnvironment.medallionBinary
        process.arguments = arguments
        process.currentDirectoryURL = ws.root
        process.environment = ProcessInfo.processInfo.environment
            .merging(["MEDALLION_LAKE": ws.lake.path, "MEDALLION_MANIFEST": "", "MEDALLION_LOG_LEVEL": "warning"]) { $1 }
            .merging(environment) { $1 }
        let errors = ws.root.appendingPathComponent("held-\(UUID().uuidString).stderr")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, errors)
    }

    func race(lake: String, tableURI: String, options: [String: String], environment: [String: String]) throws {
        let ws = try PipelineWorkspace("delta-race")
        defer { ws.remove() }
        let first = try ws.medallion(["run", "nsde", "--lake", lake, "--quiet"], environment: environment)
        try #require(first.status == 0, "\(first.stderr)")
        let pause = ws.root.appendingPathComponent("pause")
        try FileManager.default.createDirectory(at: pause, withIntermediateDirectories: true)
        var held = environment
        held["MEDALLION_TEST_DELTA_PAUSE"] = pause.path
        let (process, errors) = try start(ws, ["run", "nsde", "--force", "--lake", lake], environment: held)
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(60)
        while (try FileManager.default.contentsOfDirectory(atPath: pause.path)).isEmpty, Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let early = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(process.isRunning, "medallion ended before its commit: \(early)")
        // The held run commits its Gold tables first (layers in name order): race that one.
        let optionsJSON = String(decoding: try JSONSerialization.data(withJSONObject: options), as: UTF8.self)
        let goldTable = tableURI + "/gold/nsde/by_marketing_category"
        let other = try runPython(Self.competitor, [goldTable, optionsJSON])
        try #require(other.status == 0, "delta-rs failed: \(other.stderr)")
        #expect(other.stdout.contains("\"before\": 0, \"after\": 1"), "\(other.stdout)")
        FileManager.default.createFile(atPath: pause.appendingPathComponent("release").path, contents: nil)
        process.waitUntilExit()
        let stderr = try String(contentsOf: errors, encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stderr.contains("another writer committed first to gold.by_marketing_category (1×)"), "\(stderr)")

        let manifest = try ws.medallion(["manifest", "nsde", "--lake", lake, "--json"], environment: environment)
        let current = try #require(try PipelineWorkspace.json(manifest.stdout) as? [String: Any])
        let runId = try #require(current["run_id"] as? String)
        #expect(current["delta_versions"] as? [String: Int] == ["silver": 1, "gold.by_marketing_category": 2, "gold.by_product_type": 1])

        let read = try runPython(Self.versions, [goldTable, optionsJSON], environment: ["PYTHONFAULTHANDLER": "1"])
        try #require(read.status == 0, "\(read.stderr)")
        let versions = try #require(try PipelineWorkspace.json(read.stdout) as? [[String: Any]])
        #expect(versions.map { $0["version"] as? Int } == [0, 1, 2])
        // Version 1 is delta-rs's (its own file), version 2 medallion's on top of it: one file, this run's rows.
        let files = versions.map { $0["files"] as? [String] ?? [] }
        #expect(versions[1]["run"] as? String == nil && files[1].count == 1 && !files[1][0].contains("version="))
        #expect(versions[2]["run"] as? String == runId && files[2].count == 1 && files[2][0].contains("/version=\(runId)/"))
        #expect(versions.allSatisfy { ($0["rows"] as? Int ?? 0) == 8 }, "\(versions)")
    }

    @Test func localLake() throws {
        let ws = try TestEnvironment.makeTemporaryDirectory("delta-race-lake")
        defer { try? FileManager.default.removeItem(at: ws) }
        try race(lake: ws.path, tableURI: ws.path, options: [:], environment: [:])
    }

    /// The same race on S3 (moto): medallion's commit is a PUT with `If-None-Match: *`, which
    /// moto answers 412 once the key exists; delta-rs commits with the same conditional PUT.
    @Test func s3Lake() throws {
        let moto = try MotoServer(bucket: "lake-race")
        defer { moto.stop() }
        let options = ["AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": moto.accessKeyID,
                       "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey, "AWS_REGION": moto.region,
                       "AWS_ALLOW_HTTP": "true", "AWS_CONDITIONAL_PUT": "etag"]
        try race(lake: "s3://lake-race/medallion", tableURI: "s3://lake-race/medallion", options: options,
                 environment: moto.environment)
    }
}
