import Foundation
import Testing
import TestSupport

/// Issue 20's operations: `run --dry-run`, `run --due` with `schedule` and `priority`, webhooks
/// in `notify`, and `medallion metrics`.
@Suite struct OperationsRunTests {
    /// The lake's tree (sizes and times) and the manifest's exact bytes.
    static func state(_ workspace: PipelineWorkspace) throws -> ([String: String], Data?) {
        let tree = FileManager.default.fileExists(atPath: workspace.lake.path) ? try DirectorySnapshot.of(workspace.lake) : [:]
        return (tree, FileManager.default.contents(atPath: workspace.manifest.path))
    }

    static func edit(_ workspace: PipelineWorkspace, _ dataset: String, _ change: (inout [String: Any]) -> Void) throws {
        let url = workspace.root.appendingPathComponent("datasets/\(dataset).json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        change(&config)
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    static func verdict(_ workspace: PipelineWorkspace, _ dataset: String) throws -> [String: Any] {
        let result = try workspace.medallion(["run", dataset, "--dry-run", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try PipelineWorkspace.jsonLines(result.stdout).first)
    }

    @Test func dryRunWritesNothingAndSaysWhatTheRunWillDo() throws {
        let workspace = try PipelineWorkspace("ops-dry-run")
        defer { workspace.remove() }
        // Before anything ran: a first ingestion, and still no lake at all.
        let first = try Self.verdict(workspace, "nsde")
        #expect(first["action"] as? String == "run" && first["reason"] as? String == "first ingestion")
        #expect(!FileManager.default.fileExists(atPath: workspace.lake.path))
        #expect(try workspace.medallion(["run", "nsde", "--quiet"]).status == 0)

        func predictThenRun(_ expected: String, reason: String, realRun: String) throws {
            let before = try Self.state(workspace)
            let verdict = try Self.verdict(workspace, "nsde")
            let after = try Self.state(workspace)
            #expect(before.0 == after.0, "the lake tree changed under --dry-run")
            #expect(before.1 == after.1, "the manifest changed under --dry-run")
            #expect(verdict["action"] as? String == expected, "\(verdict)")
            #expect((verdict["reason"] as? String ?? "").contains(reason), "\(verdict)")
            let run = try workspace.medallion(["run", "nsde", "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
            #expect(summary["status"] as? String == realRun)
            if expected != "skip" { #expect(run.stderr.contains(reason), "the run's own reason: \(run.stderr)") }
        }
        try predictThenRun("skip", reason: "source unchanged", realRun: "skipped")
        try Self.edit(workspace, "nsde") { config in
            var silver = config["silver"] as? [String: Any] ?? [:]
            silver["keys"] = ["ndc11", "item_code"]
            config["silver"] = silver
        }
        try predictThenRun("run", reason: "silver settings changed", realRun: "succeeded")
        try Self.edit(workspace, "nsde") { config in
            var gold = config["gold"] as? [String: Any] ?? [:]
            var tables = gold["tables"] as? [[String: Any]] ?? []
            tables[0]["order_by"] = ["marketing_category"]
            gold["tables"] = tables
            config["gold"] = gold
        }
        try predictThenRun("rebuild-gold", reason: "gold table by_marketing_category changed", realRun: "succeeded")
        // Operational keys change no layer.
        try Self.edit(workspace, "nsde") { config in
            config["schedule"] = "@daily"
            config["priority"] = "high"
        }
        try predictThenRun("skip", reason: "source unchanged", realRun: "skipped")
        try workspace.write("samples/changed.csv", "NDC11,Proprietary Name\n00000000001,X\n")
        try Self.edit(workspace, "nsde") { config in
            var source = config["source"] as? [String: Any] ?? [:]
            source["url"] = "file:samples/changed.csv"
            config["source"] = source
        }
        let changed = try Self.verdict(workspace, "nsde")
        #expect(changed["action"] as? String == "run")

        // A dataset that cannot run says why and exits 2.
        try workspace.write("datasets/broken.json", #"{"dataset": "broken", "source": {"url": "file:nope.csv", "format": "csv"}}"#)
        let broken = try workspace.medallion(["run", "broken", "--dry-run"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken: cannot run:") && broken.stderr.contains("nope.csv"), "\(broken.stderr)")
    }

    @Test func dueRunsWhatIsDueInPriorityOrder() throws {
        let workspace = try PipelineWorkspace("ops-due")
        defer { workspace.remove() }
        try Self.edit(workspace, "nsde") { $0["schedule"] = "@yearly" }
        try Self.edit(workspace, "providers") { config in
            config["schedule"] = "@hourly"
            config["priority"] = "critical"
        }
        try Self.edit(workspace, "claims") { $0["priority"] = "low" }
        // Never run: every scheduled dataset is due, critical first; claims has no schedule.
        let first = try workspace.medallion(["run", "--due", "--json", "--concurrency", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try PipelineWorkspace.jsonLines(first.stdout).compactMap { $0["dataset"] as? String } == ["providers", "nsde"])

        // Two hours on: the hourly slot has come round, the yearly one has not.
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2 * 3600))
        let second = try workspace.medallion(["run", "--due", "--json", "--now", later])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try PipelineWorkspace.jsonLines(second.stdout).compactMap { $0["dataset"] as? String } == ["providers"])
        let datasets = try #require(try PipelineWorkspace.json(try workspace.medallion(["datasets", "--json"]).stdout) as? [[String: Any]])
        let nsde = try #require(datasets.first { $0["dataset"] as? String == "nsde" })
        #expect(nsde["due"] as? Bool == false && nsde["next_due"] as? String != nil && nsde["schedule"] as? String == "@yearly")
        #expect(datasets.first { $0["dataset"] as? String == "claims" }?["due"] == nil)

        // --all starts critical first and low last; --priority selects a tier.
        let all = try workspace.medallion(["run", "--all", "--dry-run", "--json"])
        #expect(try PipelineWorkspace.jsonLines(all.stdout).compactMap { $0["dataset"] as? String } == ["providers", "nsde", "claims"])
        let low = try workspace.medallion(["run", "--all", "--priority", "low", "--dry-run", "--json"])
        #expect(try PipelineWorkspace.jsonLines(low.stdout).compactMap { $0["dataset"] as? String } == ["claims"])

        // validate names a bad schedule.
        try Self.edit(workspace, "nsde") { $0["schedule"] = "61 * * * *" }
        try workspace.write("datasets/_defaults.json", #"{"notify": {"failed": "ftp://example.com/x"}}"#)
        let invalid = try workspace.medallion(["validate"])
        #expect(invalid.status == 2)
        let said = invalid.stdout + invalid.stderr
        #expect(said.contains("datasets/nsde.json: schedule: minute field '61': 61 is outside 0–59"), "\(said)")
        #expect(said.contains("datasets/_defaults.json: notify.failed[0]: expected an http:// or https:// webhook URL"), "\(said)")
    }

    /// A loopback webhook that appends every POST (path and body) to a file, one JSON line each.
    static func webhookServer(_ log: URL) throws -> PythonServer {
        try PythonServer(script: """
            import http.server, json, sys
            class Hook(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    with open(sys.argv[1], "a") as out:
                        out.write(json.dumps({"path": self.path, "type": self.headers.get("Content-Type"), "body": body.decode()}) + "\\n")
                    self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers(); self.wfile.write(b"ok")
                def log_message(self, *a): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, arguments: [log.path])
    }

    @Test func webhooksHearOfFailuresAndADownOneChangesNothing() throws {
        let workspace = try PipelineWorkspace("ops-notify")
        defer { workspace.remove() }
        let log = workspace.root.appendingPathComponent("posts.jsonl")
        let server = try Self.webhookServer(log)
        defer { server.stop() }
        try workspace.write("datasets/_defaults.json", """
            {"notify": {"failed": "\(server.baseURL)/hooks/T000/SECRET-TOKEN", "recovered": ["\(server.baseURL)/hooks/recovered"]}}
            """)
        // The source URL carries a password, which must reach no webhook.
        try workspace.write("datasets/remote.json", """
            {"dataset": "remote", "source": {"url": "http://reader:hunter2@127.0.0.1:1/data.csv", "format": "csv"}}
            """)
        let failed = try workspace.medallion(["run", "remote", "--json"])
        #expect(failed.status == 1)
        let posts = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(posts.count == 1, "one POST per failed run: \(posts)")
        let post = try #require(try JSONSerialization.jsonObject(with: Data(posts[0].utf8)) as? [String: Any])
        #expect(post["path"] as? String == "/hooks/T000/SECRET-TOKEN" && post["type"] as? String == "application/json")
        let body = try #require(post["body"] as? String)
        #expect(!body.contains("hunter2"), "a credential reached the webhook: \(body)")
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let runId = try #require(try PipelineWorkspace.jsonLines(failed.stdout).first?["run_id"] as? String)
        #expect(payload["event"] as? String == "failed" && payload["dataset"] as? String == "remote")
        #expect(payload["run_id"] as? String == runId && payload["status"] as? String == "failed")
        #expect((payload["error"] as? String ?? "").hasPrefix("Medallion.Source"), "\(payload)")
        #expect((payload["text"] as? String ?? "").contains("remote: run \(runId) failed"))
        // The delivery is in the run's history, without the webhook's secret path.
        let history = try workspace.medallion(["history", runId, "--json"]).stdout
        #expect(history.contains("NotificationDelivered") && history.contains("\(server.baseURL)/…"))
        #expect(!history.contains("SECRET-TOKEN"))

        // A webhook that is down: the run's outcome is its own, the failed delivery recorded.
        try workspace.write("datasets/_defaults.json", #"{"notify": {"succeeded": "http://127.0.0.1:1/down"}}"#)
        let succeeded = try workspace.medallion(["run", "providers", "--json"])
        #expect(succeeded.status == 0, "\(succeeded.stderr)")
        #expect(succeeded.stderr.contains("notification to http://127.0.0.1:1/… failed after 3 attempts"), "\(succeeded.stderr)")
        let okRun = try #require(try PipelineWorkspace.jsonLines(succeeded.stdout).first?["run_id"] as? String)
        #expect(try workspace.medallion(["history", okRun]).stdout.contains("NotificationFailed"))
        #expect(try String(contentsOf: log, encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func metricsParseWithPrometheusClient() throws {
        let workspace = try PipelineWorkspace("ops-metrics")
        defer { workspace.remove() }
        try workspace.write("datasets/broken.json", #"{"dataset": "broken", "source": {"url": "file:nope.csv", "format": "csv"}}"#)
        #expect(try workspace.medallion(["run", "nsde", "providers", "--quiet", "--metrics", "metrics.prom"]).status == 0)
        #expect(try workspace.medallion(["run", "broken", "--quiet", "--metrics", "metrics.prom"]).status == 1)
        let file = workspace.root.appendingPathComponent("metrics.prom")
        let parsed = try runPython("""
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for sample in family.samples:
                    key = sample.name + "|" + ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                    out[key] = sample.value
            print(json.dumps(out))
            """, [file.path])
        #expect(parsed.status == 0, "prometheus_client rejected the file: \(parsed.stderr)")
        let samples = try #require(try PipelineWorkspace.json(parsed.stdout) as? [String: Double])
        let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        let rows = try #require(manifest["rows"] as? [String: Int])
        #expect(samples["medallion_rows|dataset=nsde,layer=silver"] == Double(rows["silver"] ?? -1))
        #expect(samples["medallion_quarantined_rows|dataset=nsde"] == Double(rows["quarantined"] ?? -1))
        #expect(samples["medallion_last_run_status|dataset=broken,status=failed"] == 1)
        #expect(samples["medallion_last_run_status|dataset=nsde,status=succeeded"] == 1)
        #expect(samples["medallion_failures_total|dataset=broken"] == 1)
        #expect(samples["medallion_current_version|dataset=nsde"] == 1)
        #expect((samples["medallion_last_success_timestamp_seconds|dataset=nsde"] ?? 0) > 1.7e9)
        // stdout gives the same families.
        let printed = try workspace.medallion(["metrics"])
        #expect(printed.status == 0 && printed.stdout.contains("# TYPE medallion_runs_total counter"))
    }

    @Test func aSampleRunLandsNRowsInItsSandbox() throws {
        let workspace = try PipelineWorkspace("ops-sample")
        defer { workspace.remove() }
        #expect(try workspace.medallion(["run", "providers", "--quiet"]).status == 0)
        let before = try Self.state(workspace)
        let sample = try workspace.medallion(["run", "nsde", "--sample", "100", "--json"])
        #expect(sample.status == 0, "\(sample.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(sample.stdout).first)
        #expect(summary["status"] as? String == "succeeded")
        // The real manifest is byte for byte what it was, and knows nothing of nsde.
        #expect(FileManager.default.contents(atPath: workspace.manifest.path) == before.1)
        #expect(try workspace.medallion(["manifest", "nsde", "--json"]).stdout.contains("\"dataset\" : \"nsde\"") == false)
        let sandbox = workspace.lake.appendingPathComponent("_sample")
        let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "nsde", "--json", "--lake", sandbox.path,
                                                                                    "--manifest", sandbox.appendingPathComponent("manifest.sqlite").path]).stdout) as? [String: Any])
        let rows = try #require(manifest["rows"] as? [String: Int])
        #expect(rows["source"] == 100 && rows["bronze"] == 100, "\(rows)")
        let outputs = try #require(manifest["outputs"] as? [String: String])
        let bronze = try #require(outputs["bronze"]).replacingOccurrences(of: "file://", with: "")
        #expect(bronze.hasPrefix(sandbox.path + "/bronze/nsde/"))
        #expect(try duckdbScalar("SELECT count(*) FROM read_parquet('\(bronze)/*.parquet')") == "100")
        #expect(try duckdbScalar("SELECT max(_source_row) FROM read_parquet('\(bronze)/*.parquet')") == "100")
        // Nothing of nsde in the real lake.
        #expect(!workspace.lakeFiles().contains { $0.hasPrefix("bronze/nsde") || $0.hasPrefix("silver/nsde") })
    }
}
