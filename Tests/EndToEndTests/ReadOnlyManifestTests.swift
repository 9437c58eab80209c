import Foundation
import Testing
import TestSupport

/// `runs`, `manifest`, `history` and `datasets` read a manifest they may not write: a read-only
/// file in a read-only lake directory, with or without a write-ahead log a writer left behind.
@Suite(.serialized) struct ReadOnlyManifestTests {
    private func readAll(_ ws: PipelineWorkspace, runId: String) throws -> (runs: [[String: Any]], problems: [String]) {
        var problems: [String] = []
        let runs = try ws.medallionUnprivileged(["runs", "--json"])
        if runs.status != 0 { problems.append("runs: \(runs.stderr)") }
        let manifest = try ws.medallionUnprivileged(["manifest", "providers", "--json"])
        if manifest.status != 0 || !manifest.stdout.contains(runId) { problems.append("manifest: \(manifest.stderr) \(manifest.stdout)") }
        let history = try ws.medallionUnprivileged(["history", runId, "--json"])
        if history.status != 0 || !history.stdout.contains("ExecutionSucceeded") { problems.append("history: \(history.stderr)") }
        let datasets = try ws.medallionUnprivileged(["datasets", "--json"])
        if datasets.status != 0 || !datasets.stdout.contains(runId) { problems.append("datasets: \(datasets.stderr) \(datasets.stdout)") }
        let list = (try? PipelineWorkspace.json(runs.stdout)) as? [[String: Any]] ?? []
        return (list, problems)
    }

    /// Every file in the lake directory itself (the manifest and its companions).
    private func lakeEntries(_ ws: PipelineWorkspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ws.lake.path).sorted()
    }

    @Test(.enabled(if: Unprivileged.available, "root ignores file modes and setpriv is missing"))
    func readCommandsWorkOnAReadOnlyManifest() throws {
        let ws = try PipelineWorkspace("read-only")
        defer { try? ws.chmod(ws.lake, 0o755); ws.remove() }
        let run = try ws.medallion(["run", "providers", "--json", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let runId = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["run_id"] as? String)

        // A manifest no writer has open: no -wal, no -shm; SQLite can create neither.
        let before = try lakeEntries(ws)
        #expect(!before.contains("manifest.sqlite-wal") && !before.contains("manifest.sqlite-shm"), "\(before)")
        try ws.chmod(ws.manifest, 0o444)
        try ws.chmod(ws.lake, 0o555)
        let clean = try readAll(ws, runId: runId)
        #expect(clean.problems.isEmpty, "\(clean.problems)")
        #expect(clean.runs.first?["run_id"] as? String == runId)
        #expect(try lakeEntries(ws) == before, "a read command created files")

        // A writer died leaving a committed transaction only in the log (with its index).
        try ws.chmod(ws.lake, 0o755)
        try ws.chmod(ws.manifest, 0o644)
        let crash = try runPython("""
            import os, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("PRAGMA wal_autocheckpoint = 0")
            db.execute("UPDATE runs SET error = 'only-in-the-log'")
            db.commit()
            os._exit(0)
            """, [ws.manifest.path])
        #expect(crash.status == 0, "\(crash.stderr)")
        #expect(try lakeEntries(ws).contains("manifest.sqlite-wal"))
        for file in try lakeEntries(ws) where file.hasPrefix("manifest.sqlite") {
            try ws.chmod(ws.lake.appendingPathComponent(file), 0o444)
        }
        try ws.chmod(ws.lake, 0o555)
        let withLog = try readAll(ws, runId: runId)
        #expect(withLog.problems.isEmpty, "\(withLog.problems)")
        #expect(withLog.runs.first?["error"] as? String == "only-in-the-log", "\(withLog.runs)")

        // The same log without its index: SQLite cannot read it in place; a private copy can.
        try ws.chmod(ws.lake, 0o755)
        try FileManager.default.removeItem(at: ws.lake.appendingPathComponent("manifest.sqlite-shm"))
        try ws.chmod(ws.lake, 0o555)
        let withoutIndex = try readAll(ws, runId: runId)
        #expect(withoutIndex.problems.isEmpty, "\(withoutIndex.problems)")
        #expect(withoutIndex.runs.first?["error"] as? String == "only-in-the-log", "\(withoutIndex.runs)")
        #expect(!(try lakeEntries(ws)).contains("manifest.sqlite-shm"))
    }
}
