import Foundation
import Testing
import TestSupport

/// SIGKILL at named moments of a run (the binary kills itself when `MEDALLION_TEST_CRASH_AT`
/// names the point it reaches), then: the manifest is intact and still at its last good
/// version, the run shows as interrupted, `resume` finishes it publishing each partition exactly
/// once, and no leftovers survive.
struct CrashRecoveryTests {
    static let points = [
        "TaskStateEntered:FetchAndHash", "fetch.downloaded", "fetch.raw-written", "TaskSucceeded:FetchAndHash",
        "ChoiceStateEntered:Changed?", "TaskStateEntered:Bronze", "bronze.batch-written", "bronze.written",
        "bronze.published", "TaskSucceeded:Bronze", "TaskStateEntered:Silver", "silver.batch-written", "silver.written",
        "silver.published", "silver.quarantine-published", "TaskStateEntered:Gold", "gold.computed",
        "gold.published.by_marketing_category", "gold.published.by_product_type", "TaskSucceeded:Gold",
        "TaskStateEntered:UpdateManifest", "delta.committing", "manifest.committing", "manifest.committed",
    ]

    private func json(_ result: ProcessResult) throws -> Any {
        try PipelineWorkspace.json(result.stdout)
    }

    /// Every file and directory under `root`, hidden ones included (relative paths).
    private func everything(under root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String { paths.append(path) }
        return paths.sorted()
    }

    @Test(arguments: points)
    func aKilledRunResumesAndLeavesNothingBehind(point: String) throws {
        let ws = try PipelineWorkspace("crash-\(point.replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: "?", with: ""))")
        defer { ws.remove() }
        let tmp = ws.root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let env = ["TMPDIR": tmp.path]
        #expect(try ws.medallion(["run", "nsde", "--quiet"], environment: env).status == 0)

        let killed = try ws.medallion(["run", "nsde", "--force", "--quiet"], environment: env.merging(["MEDALLION_TEST_CRASH_AT": point]) { $1 })
        #expect(killed.status != 0, "\(point): the run was not killed (is the point reached?)")

        let integrity = try runPython("import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
                                      [ws.manifest.path])
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

        let committed = point == "manifest.committed"
        let manifest = try #require(try json(try ws.medallion(["manifest", "nsde", "--json"], environment: env)) as? [String: Any])
        #expect(manifest["version"] as? Int == (committed ? 2 : 1), "\(point): the manifest moved")

        let runs = try #require(try json(try ws.medallion(["runs", "--dataset", "nsde", "--json"], environment: env)) as? [[String: Any]])
        let last = try #require(runs.first)
        #expect(last["status"] as? String == (committed ? "succeeded" : "interrupted"), "\(point): \(last)")
        if !committed {
            #expect((last["error"] as? String ?? "").contains("Medallion.Interrupted"))
            let runId = try #require(last["run_id"] as? String)
            let resumed = try ws.medallion(["resume", runId, "--json", "--quiet"], environment: env)
            #expect(resumed.status == 0, "\(point): resume failed: \(resumed.stderr) \(resumed.stdout)")
            let after = try #require(try json(try ws.medallion(["manifest", "nsde", "--json"], environment: env)) as? [String: Any])
            #expect(after["version"] as? Int == 2)
            // A run killed before its source was hashed still has its provisional id; resuming
            // gives it the final one (same start time, the source hash at the end).
            #expect((after["run_id"] as? String)?.prefix(16) == runId.prefix(16))
        }

        // Exactly one partition per layer and version; every partition referenced by a version.
        func partitions(_ pattern: String) -> Set<String> {
            Set(ws.lakeFiles().compactMap { file in
                file.range(of: pattern, options: .regularExpression).map { String(file[$0]) }
            })
        }
        #expect(partitions(#"^bronze/nsde/run=[^/]+"#).count == 2, "\(point): \(ws.lakeFiles())")
        #expect(partitions(#"^silver/nsde/version=[^/]+"#).count == 2)
        #expect(partitions(#"^gold/nsde/by_product_type/version=[^/]+"#).count == 2)
        let versions = try #require(try json(try ws.medallion(["manifest", "nsde", "--history", "--json"], environment: env)) as? [[String: Any]])
        let referenced = Set(versions.flatMap { ($0["outputs"] as? [String: String] ?? [:]).values }
            .map { String($0.dropFirst("file://".count + ws.lake.path.count + 1)) })
        let all = partitions(#"^(bronze|silver|gold)/nsde/(([a-z_]+/)?(run|version)=[^/]+|_quarantine/run=[^/]+)"#)
        #expect(all.subtracting(referenced).isEmpty, "\(point): unreferenced partitions \(all.subtracting(referenced))")
        // Each table got exactly one Delta version per manifest version, killed or not between
        // its Delta commit and the manifest's (the resumed run finds its commit made).
        #expect(versions.map { ($0["delta_versions"] as? [String: Int])?["silver"] } == [1, 0], "\(point)")
        #expect(ws.lakeFiles().filter { $0.hasPrefix("silver/nsde/_delta_log/") }
            == ["silver/nsde/_delta_log/00000000000000000000.json", "silver/nsde/_delta_log/00000000000000000001.json"], "\(point)")

        // The next run (a skip) leaves no staging or scratch anywhere.
        #expect(try ws.medallion(["run", "nsde", "--quiet"], environment: env).status == 0)
        let staging = everything(under: ws.lake).filter { $0.contains(".medallion-tmp") }
        #expect(staging.isEmpty, "\(point): staging left in the lake: \(staging)")
        let scratch = everything(under: tmp).filter { $0.hasPrefix("medallion-") }
        #expect(scratch.isEmpty, "\(point): scratch left in TMPDIR: \(scratch)")
    }

    /// A changed source of the same size is hashed where it lies, then copied: killed once the
    /// copy is staged (or landed), the run resumes to the new version, and nothing stays behind.
    @Test(arguments: ["fetch.downloaded", "fetch.raw-written"])
    func aRunKilledWithItsChangedSourceCopiedResumes(point: String) throws {
        let ws = try PipelineWorkspace("crash-changed-\(point)")
        defer { ws.remove() }
        #expect(try ws.medallion(["run", "nsde", "--quiet"]).status == 0)
        // One letter's case flipped: same size, new bytes.
        let source = ws.root.appendingPathComponent("datasets/samples/nsde.csv")
        var bytes = try Data(contentsOf: source)
        let index = try #require(bytes.indices.dropFirst(bytes.count / 2).first { bytes[$0] >= 0x61 && bytes[$0] <= 0x7A })
        bytes[index] -= 0x20
        try bytes.write(to: source)
        let sha = String(try runProcess("/usr/bin/sha256sum", [source.path]).stdout.prefix(64))

        let killed = try ws.medallion(["run", "nsde", "--quiet"], environment: ["MEDALLION_TEST_CRASH_AT": point])
        #expect(killed.status != 0, "\(point): the run was not killed (is the point reached?)")
        let staged = everything(under: ws.lake).filter { $0.contains(".medallion-tmp-nsde.fetch") && $0.hasSuffix("/source") }
        let landed = ws.lakeFiles().filter { $0.hasPrefix("raw/nsde/") && $0.hasSuffix("/\(sha).csv") }
        // The copy was made before the point: staged at the first, in the raw layer at the second.
        #expect(point == "fetch.downloaded" ? staged.count == 1 && landed.isEmpty : staged.isEmpty && landed.count == 1,
                "\(point): staged \(staged), landed \(landed)")

        let runs = try #require(try json(try ws.medallion(["runs", "--dataset", "nsde", "--json"])) as? [[String: Any]])
        let runId = try #require(runs.first?["run_id"] as? String)
        let resumed = try ws.medallion(["resume", runId, "--json", "--quiet"])
        #expect(resumed.status == 0, "\(point): resume failed: \(resumed.stderr) \(resumed.stdout)")
        let manifest = try #require(try json(try ws.medallion(["manifest", "nsde", "--json"])) as? [String: Any])
        #expect(manifest["version"] as? Int == 2)
        #expect(manifest["source_sha256"] as? String == sha, "\(manifest)")

        // The next run is a skip and leaves no staging.
        let skip = try ws.medallion(["run", "nsde", "--json", "--quiet"])
        #expect(try PipelineWorkspace.jsonLines(skip.stdout).first?["status"] as? String == "skipped", "\(skip.stdout)")
        #expect(everything(under: ws.lake).filter { $0.contains(".medallion-tmp") }.isEmpty)
        #expect(ws.lakeFiles().filter { $0.hasPrefix("raw/nsde/") }.count == 2)
    }

    @Test func aRunKilledBeforeItsNextRunIsCleanedAndMarked() throws {
        let ws = try PipelineWorkspace("crash-next-run")
        defer { ws.remove() }
        #expect(try ws.medallion(["run", "nsde", "--quiet"]).status == 0)
        let killed = try ws.medallion(["run", "nsde", "--force", "--quiet"], environment: ["MEDALLION_TEST_CRASH_AT": "silver.published"])
        #expect(killed.status != 0)
        // Not resumed: the next run marks it, supersedes it, and removes its partitions.
        let next = try ws.medallion(["run", "nsde", "--force"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("was interrupted"))
        let runs = try #require(try json(try ws.medallion(["runs", "--dataset", "nsde", "--json"])) as? [[String: Any]])
        #expect(runs.map { $0["status"] as? String ?? "" } == ["succeeded", "interrupted", "succeeded"])
        let silver = Set(ws.lakeFiles().compactMap { file in
            file.range(of: #"^silver/nsde/version=[^/]+"#, options: .regularExpression).map { String(file[$0]) }
        })
        #expect(silver.count == 2, "the killed run's Silver is gone once a newer version exists: \(silver)")
        let older = try #require(runs[1]["run_id"] as? String)
        let refused = try ws.medallion(["resume", older])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("newer"), "\(refused.stderr)")
    }
}
