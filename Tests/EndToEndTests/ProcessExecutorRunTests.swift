import Foundation
import Testing
import TestSupport

/// `run --executor process`: every Task state as its own `medallion task` child sharing nothing
/// but the lake and the manifest gives the same lake and manifest as the in-process run, on a
/// local lake and on moto S3 with request signing; step errors keep their names.
@Suite(.serialized) struct ProcessExecutorRunTests {
    /// What a run left, with run ids and times taken out: per dataset the manifest's rows and
    /// output layers, the lake's files (run ids replaced), and every Silver and Gold table's rows.
    static func outcome(_ workspace: PipelineWorkspace, lake: String, manifest manifestURI: String? = nil,
                        environment: [String: String]) throws -> [String: String] {
        var found: [String: String] = [:]
        for dataset in ["claims", "nsde", "providers"] {
            let manifest = try workspace.medallion(["manifest", dataset, "--json", "--lake", lake] + (manifestURI.map { ["--manifest", $0] } ?? []),
                                                   environment: environment)
            let version = try #require(try PipelineWorkspace.json(manifest.stdout) as? [String: Any])
            let runId = try #require(version["run_id"] as? String)
            let rows = try #require(version["rows"] as? [String: Int])
            found["\(dataset).rows"] = rows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let outputs = try #require(version["outputs"] as? [String: String])
            found["\(dataset).outputs"] = outputs.keys.sorted().map { "\($0)=\(outputs[$0, default: ""].replacingOccurrences(of: runId, with: "RUN"))" }
                .joined(separator: " ").replacingOccurrences(of: lake, with: "LAKE")
            found["\(dataset).quality"] = (try? JSONSerialization.data(withJSONObject: version["quality"] ?? NSNull(), options: [.sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) }
        }
        return found
    }

    @Test func aLocalLakeIsTheSameEitherWay() throws {
        let inProcess = try PipelineWorkspace("executor-in")
        defer { inProcess.remove() }
        let children = try PipelineWorkspace("executor-process")
        defer { children.remove() }
        let first = try inProcess.medallion(["run", "--all", "--quiet", "--concurrency", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try children.medallion(["run", "--all", "--quiet", "--concurrency", "1", "--executor", "process"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.outcome(inProcess, lake: inProcess.lake.path, environment: [:])
                == Self.outcome(children, lake: children.lake.path, environment: [:]))
        // The same Parquet rows, lineage columns aside.
        for table in ["silver/nsde", "gold/claims/by_specialty", "gold/nsde/by_product_type"] {
            let columns = table.hasPrefix("silver") ? "* EXCLUDE (_run_id, _ingested_at)" : "*"
            func digest(_ workspace: PipelineWorkspace) throws -> String {
                try duckdbScalar("SELECT count(*) || ' ' || md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) "
                                 + "FROM (SELECT \(columns) FROM read_parquet('\(workspace.lake.path)/\(table)/version=*/*.parquet', hive_partitioning = false)) t")
            }
            #expect(try digest(inProcess) == digest(children), "\(table)")
        }
        // The same files, run ids aside.
        func files(_ workspace: PipelineWorkspace) throws -> [String] {
            let runs = try #require(try PipelineWorkspace.json(try workspace.medallion(["runs", "--json"]).stdout) as? [[String: Any]])
            let ids = runs.compactMap { $0["run_id"] as? String }
            return workspace.lakeFiles().map { path in ids.reduce(path) { $0.replacingOccurrences(of: $1, with: "RUN") } }
                .filter { !$0.contains("_delta_log/") || $0.hasSuffix(".json") }.sorted()
        }
        #expect(try files(inProcess) == files(children))

        // A step's error keeps its name through the child process.
        try children.write("datasets/broken.json", #"{"dataset": "broken", "source": {"url": "file:nope.csv", "format": "csv"}}"#)
        let failed = try children.medallion(["run", "broken", "--executor", "process", "--json"])
        #expect(failed.status == 1)
        let error = try PipelineWorkspace.jsonLines(failed.stdout).first?["error"] as? String ?? ""
        #expect(error.hasPrefix("Medallion.SourceNotFound: broken: cannot read source file:nope.csv"), "\(error)")
    }

    @Test func anS3LakeWithSignedRequestsIsTheSameEitherWay() throws {
        let moto = try MotoServer(bucket: "executor")
        defer { moto.stop() }
        let inProcess = try PipelineWorkspace("executor-s3-in")
        defer { inProcess.remove() }
        let children = try PipelineWorkspace("executor-s3-process")
        defer { children.remove() }
        let (lakeA, lakeB) = ("s3://executor/in-process", "s3://executor/children")
        let first = try inProcess.medallion(["run", "--all", "--quiet", "--concurrency", "1", "--lake", lakeA], environment: moto.environment)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try children.medallion(["run", "--all", "--quiet", "--concurrency", "1", "--lake", lakeB, "--executor", "process"],
                                            environment: moto.environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains(moto.secretAccessKey))
        #expect(try Self.outcome(inProcess, lake: lakeA, environment: moto.environment)
                == Self.outcome(children, lake: lakeB, environment: moto.environment))
    }

    /// Children share the manifest through S3 too (`--manifest s3://…` passed to each `medallion
    /// task`): the same manifest rows as an in-process run with an S3 manifest, every run and
    /// history event recorded, and no manifest file anywhere on the local disk.
    @Test func anS3ManifestIsTheSameEitherWay() throws {
        let moto = try MotoServer(bucket: "executor")
        defer { moto.stop() }
        let inProcess = try PipelineWorkspace("executor-s3m-in")
        defer { inProcess.remove() }
        let children = try PipelineWorkspace("executor-s3m-process")
        defer { children.remove() }
        let (lakeA, lakeB) = ("s3://executor/in-process", "s3://executor/children")
        let (manifestA, manifestB) = ("s3://executor/meta-a/manifest.sqlite", "s3://executor/meta-b/manifest.sqlite")
        let first = try inProcess.medallion(["run", "--all", "--quiet", "--concurrency", "1", "--lake", lakeA, "--manifest", manifestA],
                                            environment: moto.environment)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try children.medallion(["run", "--all", "--quiet", "--concurrency", "1", "--lake", lakeB, "--manifest", manifestB,
                                             "--executor", "process"], environment: moto.environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains(moto.secretAccessKey))
        let expected = try Self.outcome(inProcess, lake: lakeA, manifest: manifestA, environment: moto.environment)
        #expect(expected.count == 9)
        #expect(expected == (try Self.outcome(children, lake: lakeB, manifest: manifestB, environment: moto.environment)))
        // The same runs and the same history, event for event.
        func histories(_ workspace: PipelineWorkspace, _ manifest: String) throws -> [String] {
            let listed = try workspace.medallion(["runs", "--json", "--manifest", manifest], environment: moto.environment)
            let runs = try #require(try PipelineWorkspace.json(listed.stdout) as? [[String: Any]], "\(listed.stderr)")
            return try runs.map { run in
                let id = try #require(run["run_id"] as? String)
                let history = try workspace.medallion(["history", id, "--json", "--manifest", manifest], environment: moto.environment)
                let events = try #require(try PipelineWorkspace.json(history.stdout) as? [[String: Any]], "\(history.stderr)")
                return "\(run["dataset"] ?? "") \(run["status"] ?? ""): " + events.map { "\($0["type"] ?? "")/\($0["state_name"] ?? "")" }.joined(separator: ",")
            }.sorted()
        }
        let inProcessHistory = try histories(inProcess, manifestA)
        #expect(inProcessHistory.count == 3)
        #expect(inProcessHistory == (try histories(children, manifestB)))
        #expect(!FileManager.default.fileExists(atPath: children.manifest.path))
    }
}
