import Foundation
import Testing
import TestSupport

/// `medallion task` runs a step on JSON anyone can write. Inputs that name paths outside the
/// lake, another dataset's partitions or malformed run ids fail with Medallion.BadStepInput
/// naming the field, and nothing is read from or written outside the lake.
@Suite struct HostileStepInputTests {
    let runId = "20261124T101500Z-0badc0de"

    /// A workspace whose lake has siblings: `outside/` (must stay empty) and `secret/file.csv`.
    private func workspace() throws -> (PipelineWorkspace, URL) {
        let ws = try PipelineWorkspace("hostile")
        let outside = ws.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try ws.write("secret/file.csv", "password\nhunter2\n")
        return (ws, outside)
    }

    private func task(_ ws: PipelineWorkspace, _ resource: String, _ input: String) throws -> (status: Int32, error: String, cause: String) {
        let file = ws.root.appendingPathComponent("input-\(UUID().uuidString.prefix(8)).json")
        try Data(input.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ws.medallion(["task", resource, "--input", "@\(file.path)"])
        let json = (try? PipelineWorkspace.json(result.stdout)) as? [String: Any]
        return (result.status, json?["Error"] as? String ?? "", json?["Cause"] as? String ?? result.stderr)
    }

    /// The fetch output of a genuine FetchAndHash, as JSON text with `changes` applied.
    private func fetchJSON(_ ws: PipelineWorkspace, _ changes: [String: Any]) throws -> String {
        let fetch = try ws.medallion(["task", "medallion:fetch-and-hash", "--input", #"{"dataset": "nsde", "run_id": "\#(runId)"}"#])
        #expect(fetch.status == 0, "\(fetch.stdout) \(fetch.stderr)")
        var object = try #require(try PipelineWorkspace.json(fetch.stdout) as? [String: Any])
        for (key, value) in changes { object[key] = value }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func bronzeRefusesARawKeyOutsideItsDatasetsRawLayer() throws {
        let (ws, outside) = try workspace()
        defer { ws.remove() }
        for rawKey in ["../secret/file.csv", "../../somewhere/file.csv", "raw/nsde/../../../secret/file.csv", "/etc/passwd",
                       "raw/claims/ingest_date=2026-11-24/x.csv", "raw/nsde//x.csv"] {
            let fetch = try fetchJSON(ws, ["raw_key": rawKey])
            let result = try task(ws, "medallion:bronze", #"{"dataset": "nsde", "fetch": \#(fetch)}"#)
            #expect(result.status == 1)
            #expect(result.error == "Medallion.BadStepInput", "\(rawKey): \(result.error) \(result.cause)")
            #expect(result.cause.contains("'fetch.raw_key'"), "\(result.cause)")
        }
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") }, "\(ws.lakeFiles())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func runIdsAndDatasetNamesThatCouldBePathsAreRefused() throws {
        let (ws, outside) = try workspace()
        defer { ws.remove() }
        for hostile in ["../../outside/x", "20261124T101500Z-0badc0de/../../../outside", "../outside/20261124T101500Z-0badc0de"] {
            let fetch = try task(ws, "medallion:fetch-and-hash", #"{"dataset": "nsde", "run_id": "\#(hostile)"}"#)
            #expect(fetch.status == 1 && fetch.error == "Medallion.BadStepInput" && fetch.cause.contains("'run_id'"), "\(fetch)")
            let record = try task(ws, "medallion:record-failure", #"{"dataset": "nsde", "run_id": "\#(hostile)", "error": {"Error": "x"}}"#)
            #expect(record.status == 1 && record.error == "Medallion.BadStepInput" && record.cause.contains("'run_id'"), "\(record)")
            let bronze = try task(ws, "medallion:bronze", #"{"dataset": "nsde", "fetch": \#(try fetchJSON(ws, ["run_id": hostile]))}"#)
            #expect(bronze.status == 1 && bronze.error == "Medallion.BadStepInput" && bronze.cause.contains("'fetch.run_id'"), "\(bronze)")
        }
        for dataset in ["../datasets/nsde", "../../outside/x", "NSDE"] {
            let fetch = try task(ws, "medallion:fetch-and-hash", #"{"dataset": "\#(dataset)", "run_id": "\#(runId)"}"#)
            #expect(fetch.status == 1 && fetch.error == "Medallion.BadStepInput" && fetch.cause.contains("'dataset'"), "\(fetch)")
        }
        // Only the genuine fetches above recorded a run.
        let runs = try #require(try PipelineWorkspace.json(try ws.medallion(["runs", "--json"]).stdout) as? [[String: Any]])
        #expect(runs.compactMap { $0["run_id"] as? String }.allSatisfy { $0.hasPrefix("20261124T101500Z-") && !$0.contains("/") })
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func goldAndUpdateManifestTakeOnlyThisDatasetsPartitions() throws {
        let (ws, outside) = try workspace()
        defer { ws.remove() }
        #expect(try ws.medallion(["run", "providers", "--quiet"]).status == 0)
        let fetch = try fetchJSON(ws, [:])
        let bronze = try ws.medallion(["task", "medallion:bronze", "--input", #"{"dataset": "nsde", "fetch": \#(fetch)}"#])
        #expect(bronze.status == 0, "\(bronze.stdout) \(bronze.stderr)")
        let bronzeJSON = bronze.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let lakeURI = "file://\(ws.lake.path)"
        let providersSilver = try #require(ws.lakeFiles().first { $0.hasPrefix("silver/providers/version=") })
            .split(separator: "/").prefix(3).joined(separator: "/")
        let genuine = try ws.medallion(["task", "medallion:silver", "--input", #"{"dataset": "nsde", "fetch": \#(fetch), "bronze": \#(bronzeJSON)}"#])
        #expect(genuine.status == 0, "\(genuine.stdout) \(genuine.stderr)")
        var silverObject = try #require(try PipelineWorkspace.json(genuine.stdout) as? [String: Any])
        for hostile in ["\(lakeURI)/\(providersSilver)", "file:///etc", "\(lakeURI)/../outside", "\(lakeURI)/silver/nsde/version=\(runId)/../../../outside"] {
            silverObject["uri"] = hostile
            let silver = String(decoding: try JSONSerialization.data(withJSONObject: silverObject), as: UTF8.self)
            let gold = try task(ws, "medallion:gold", #"{"dataset": "nsde", "fetch": \#(fetch), "silver": \#(silver)}"#)
            #expect(gold.status == 1 && gold.error == "Medallion.BadStepInput" && gold.cause.contains("'silver.uri'"), "\(gold)")
            let update = try task(ws, "medallion:update-manifest", #"{"dataset": "nsde", "run_id": "\#(runId)", "fetch": \#(fetch), "bronze": \#(bronzeJSON), "silver": \#(silver)}"#)
            #expect(update.status == 1 && update.error == "Medallion.BadStepInput" && update.cause.contains("'silver.uri'"), "\(update)")
        }
        let table = #"{"by_x": {"uri": "\#(lakeURI)/gold/claims/by_x/version=\#(runId)", "rows": 1, "bytes": 1, "files": 1, "inputs": {}}}"#
        let update = try task(ws, "medallion:update-manifest", #"{"dataset": "nsde", "run_id": "\#(runId)", "fetch": \#(fetch), "bronze": \#(bronzeJSON), "gold": {"tables": \#(table)}}"#)
        #expect(update.status == 1 && update.error == "Medallion.BadStepInput" && update.cause.contains("'gold.tables.by_x.uri'"), "\(update)")
        // Nothing was recorded for nsde, nothing written outside the lake.
        let manifest = try ws.medallion(["manifest", "nsde", "--json"])
        #expect(manifest.status == 1 && manifest.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "null")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }
}
