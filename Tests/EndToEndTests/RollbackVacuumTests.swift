import Foundation
import Testing
import TestSupport

/// `medallion rollback` and `medallion vacuum` round trip, checked by delta-rs: a rollback
/// commits a RESTORE version holding the earlier version's rows; after vacuum every kept
/// version still opens, a removed one is reported gone, and nothing current is touched.
@Suite struct RollbackVacuumTests {
    /// argv: table root. Per Delta version: the operation, and the run ids of its rows or the error reading them.
    static let readVersions = """
        import json, os, sys
        from deltalake import DeltaTable
        root = sys.argv[1]
        out = []
        for entry in sorted(DeltaTable(root).history(), key=lambda h: h["version"]):
            item = {"version": entry["version"], "operation": entry.get("operation")}
            try:
                table = DeltaTable(root, version=entry["version"]).to_pyarrow_table()
                item["runs"] = sorted(set(table.column("_run_id").to_pylist()))
            except Exception as error:
                item["error"] = str(error)[:200]
            out.append(item)
        print(json.dumps(out), flush=True)
        # Skip interpreter teardown: under load, pyarrow and deltalake threads sometimes abort
        # at exit ("terminate called without an active exception") after the work is done.
        os._exit(0)
        """

    func runIds(_ ws: PipelineWorkspace) throws -> [Int: String] {
        let history = try #require(try PipelineWorkspace.json(try ws.medallion(["manifest", "nsde", "--history", "--json"]).stdout) as? [[String: Any]])
        var ids: [Int: String] = [:]
        for version in history { ids[version["version"] as? Int ?? 0] = version["run_id"] as? String }
        return ids
    }

    func deltaVersions(_ ws: PipelineWorkspace) throws -> [[String: Any]] {
        let result = try runPython(Self.readVersions, [ws.lake.appendingPathComponent("silver/nsde").path], environment: ["PYTHONFAULTHANDLER": "1"])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try PipelineWorkspace.json(result.stdout) as? [[String: Any]])
    }

    @Test func rollbackThenVacuum() throws {
        let ws = try PipelineWorkspace("rollback-vacuum")
        defer { ws.remove() }
        for _ in 0..<3 { try #require(ws.medallion(["run", "nsde", "--force", "--quiet"]).status == 0) }
        let built = try runIds(ws)

        // Default target: the version before the current.
        let rollback = try ws.medallion(["rollback", "nsde", "--json"])
        try #require(rollback.status == 0, "\(rollback.stderr)")
        let result = try #require(try PipelineWorkspace.json(rollback.stdout) as? [String: Any])
        #expect(result["restored_version"] as? Int == 2 && result["manifest_version"] as? Int == 4)
        #expect(result["delta_versions"] as? [String: Int] == ["silver": 3, "gold.by_marketing_category": 3, "gold.by_product_type": 3])
        var versions = try deltaVersions(ws)
        #expect(versions.map { $0["operation"] as? String } == ["WRITE", "WRITE", "WRITE", "RESTORE"])
        #expect(versions[3]["runs"] as? [String] == [built[2] ?? ""], "\(versions)")
        // The manifest's current Silver is version 2's partition again, and the next run skips.
        let current = try #require(try PipelineWorkspace.json(try ws.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        #expect((current["outputs"] as? [String: String])?["silver"]?.hasSuffix("version=\(built[2] ?? "")") == true)
        let skip = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(try PipelineWorkspace.jsonLines(skip.stdout).first?["status"] as? String == "skipped")

        // Bad targets: exit 2, nothing committed.
        for (arguments, message) in [(["--to", "9"], "only versions before the current 4"), (["--to", "4"], "already the current version"),
                                     (["--to", "0"], "has no version 0")] {
            let refused = try ws.medallion(["rollback", "nsde"] + arguments)
            #expect(refused.status == 2 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        #expect(try deltaVersions(ws).count == 4)

        // A dry run lists version 1's partitions and removes nothing.
        let before = ws.lakeFiles()
        let dry = try ws.medallion(["vacuum", "nsde", "--keep", "2", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("would remove") && dry.stdout.contains("bronze/nsde/run=\(built[1] ?? "")"), "\(dry.stdout)")
        #expect(ws.lakeFiles() == before)

        // Keep 2 (versions 3 and 4): version 4 restored version 2, so only version 1's files go.
        let vacuum = try ws.medallion(["vacuum", "nsde", "--keep", "2", "--json"])
        try #require(vacuum.status == 0, "\(vacuum.stderr)")
        let report = try #require(try PipelineWorkspace.json(vacuum.stdout) as? [String: Any])
        #expect(report["vacuumed_versions"] as? [Int] == [1])
        #expect(report["kept_versions"] as? [Int] == [3, 4])
        let removed = (report["removed"] as? [[String: Any]] ?? []).compactMap { $0["uri"] as? String }
        #expect(removed.count == 5, "bronze, silver, quarantine, two Gold tables: \(removed)")
        #expect(removed.allSatisfy { $0.contains(built[1] ?? "-") }, "\(removed)")
        #expect((report["bytes"] as? Int ?? 0) > 0)
        let files = ws.lakeFiles()
        for run in [built[2], built[3]].compactMap({ $0 }) {
            #expect(files.contains("bronze/nsde/run=\(run)/part-00000.parquet"))
            #expect(files.contains("silver/nsde/version=\(run)/part-00000.parquet"))
        }
        #expect(files.contains { $0.hasPrefix("raw/nsde/") }, "the raw copy is shared with the kept versions")

        versions = try deltaVersions(ws)
        #expect(versions[0]["error"] != nil, "Delta version 0 held version 1's files: \(versions[0])")
        for index in 1...3 { #expect(versions[index]["runs"] != nil, "\(versions[index])") }
        let gone = try ws.medallion(["rollback", "nsde", "--to", "1"])
        #expect(gone.status == 2 && gone.stderr.contains("was vacuumed"), "\(gone.stderr)")
        let history = try ws.medallion(["manifest", "nsde", "--history"]).stdout
        #expect(history.contains("(vacuumed)"), "\(history)")
        // Vacuuming again finds nothing more.
        let again = try ws.medallion(["vacuum", "nsde", "--keep", "2", "--json"])
        let second = try PipelineWorkspace.json(again.stdout) as? [String: Any]
        #expect((second?["removed"] as? [Any])?.isEmpty == true, "\(again.stdout)")
        let keepZero = try ws.medallion(["vacuum", "nsde", "--keep", "0"])
        #expect(keepZero.status == 2 && keepZero.stderr.contains("--keep must be at least 1"))
    }
}
