import Foundation
import Testing
import TestSupport

/// `--manifest s3://…` (moto on loopback, every signature checked, conditional writes honoured):
/// two `medallion run` processes of different datasets updating the one S3 manifest at the
/// same time lose no version, run or history event; the read commands work through it; a
/// missing bucket or a wrong secret fails naming the manifest and no secret.
@Suite(.serialized) struct S3ManifestRunTests {
    static let lake = "s3://shared-lake/lake"
    static let manifest = "s3://shared-lake/meta/manifest.sqlite"

    func medallion(_ workspace: PipelineWorkspace, _ arguments: [String], _ moto: MotoServer,
                   logLevel: String = "warning") throws -> ProcessResult {
        try workspace.medallion(arguments + ["--lake", Self.lake, "--manifest", Self.manifest],
                                environment: moto.environment.merging(["MEDALLION_LOG_LEVEL": logLevel]) { $1 })
    }

    @Test func twoProcessesRunningDifferentDatasetsLoseNothing() throws {
        let moto = try MotoServer(bucket: "shared-lake")
        defer { moto.stop() }
        let ws = try PipelineWorkspace("s3-manifest")
        defer { ws.remove() }
        let rounds = 3
        var overtaken = 0
        for round in 1...rounds {
            // Both processes start together; each writes the manifest a few dozen times
            // (run, history event per state transition, version), so their writes interleave.
            let results = NSLock()
            nonisolated(unsafe) var finished: [String: ProcessResult] = [:]
            let group = DispatchGroup()
            for dataset in ["nsde", "providers"] {
                DispatchQueue.global().async(group: group) {
                    let result = Result { try medallion(ws, ["run", dataset, "--json", "--quiet", "--force"], moto, logLevel: "debug") }
                    results.lock()
                    finished[dataset] = try? result.get()
                    results.unlock()
                }
            }
            group.wait()
            for dataset in ["nsde", "providers"] {
                let result = try #require(finished[dataset], "round \(round): \(dataset) did not run")
                #expect(result.status == 0, "round \(round) \(dataset): \(result.stderr)")
                #expect(try PipelineWorkspace.jsonLines(result.stdout).first?["status"] as? String == "succeeded",
                        "round \(round) \(dataset): \(result.stdout) \(result.stderr)")
                #expect(!result.stderr.contains(moto.secretAccessKey) && !result.stdout.contains(moto.secretAccessKey))
                overtaken += result.stderr.components(separatedBy: "manifest update overtaken by another writer").count - 1
            }
        }
        // The processes did overwrite-race each other; the conditional writes caught it.
        #expect(overtaken > 0)

        // Every version of both datasets is recorded.
        for dataset in ["nsde", "providers"] {
            let history = try medallion(ws, ["manifest", dataset, "--history", "--json"], moto)
            #expect(history.status == 0, "\(history.stderr)")
            let versions = try #require(try PipelineWorkspace.json(history.stdout) as? [[String: Any]], "\(history.stdout)")
            #expect(versions.compactMap { $0["version"] as? Int }.sorted() == Array(1...rounds), "\(dataset): \(history.stdout)")
        }
        let current = try medallion(ws, ["manifest", "--json"], moto)
        #expect(current.status == 0, "\(current.stderr)")
        #expect(current.stdout.contains("\"nsde\"") && current.stdout.contains("\"providers\""), "\(current.stdout)")

        // Every run succeeded, and each has its whole history: ids 1…n without a gap, from
        // ExecutionStarted to ExecutionSucceeded.
        let runsResult = try medallion(ws, ["runs", "--json"], moto)
        #expect(runsResult.status == 0, "\(runsResult.stderr)")
        let runs = try #require(try PipelineWorkspace.json(runsResult.stdout) as? [[String: Any]])
        #expect(runs.count == 2 * rounds, "\(runsResult.stdout)")
        #expect(runs.allSatisfy { $0["status"] as? String == "succeeded" }, "\(runsResult.stdout)")
        for run in runs {
            let runId = try #require(run["run_id"] as? String)
            let history = try medallion(ws, ["history", runId, "--json"], moto)
            #expect(history.status == 0, "\(history.stderr)")
            let events = try #require(try PipelineWorkspace.json(history.stdout) as? [[String: Any]])
            #expect(events.compactMap { $0["id"] as? Int } == Array(1...max(1, events.count)), "\(runId): \(history.stdout)")
            #expect(events.first?["type"] as? String == "ExecutionStarted")
            #expect(events.last?["type"] as? String == "ExecutionSucceeded", "\(runId): \(history.stdout)")
            #expect(events.count > 20, "\(runId): \(events.count) events")
        }

        let datasets = try medallion(ws, ["datasets", "--json"], moto)
        #expect(datasets.status == 0, "\(datasets.stderr)")
        let listed = try #require(try PipelineWorkspace.json(datasets.stdout) as? [[String: Any]])
        #expect(listed.filter { $0["version"] as? Int == rounds }.compactMap { $0["dataset"] as? String }.sorted() == ["nsde", "providers"],
                "\(datasets.stdout)")

        // Nothing but the lake in the bucket: the manifest object, no lock left behind, and no
        // local manifest written beside the workspace.
        let keys = try moto.boto3("print('\\n'.join(sorted(o['Key'] for o in s3.list_objects_v2(Bucket=bucket, Prefix='meta/')['Contents'])))")
        #expect(keys.stdout == "meta/manifest.sqlite\n", "\(keys.stdout)")
        #expect(!FileManager.default.fileExists(atPath: ws.manifest.path))
    }

    @Test func aMissingBucketOrAWrongSecretNamesTheManifest() throws {
        let moto = try MotoServer(bucket: "shared-lake")
        defer { moto.stop() }
        let ws = try PipelineWorkspace("s3-manifest-bad")
        defer { ws.remove() }
        let missing = "s3://no-such-bucket/meta/manifest.sqlite"
        for command in [["manifest"], ["runs"], ["run", "nsde"]] {
            let result = try ws.medallion(command + ["--lake", Self.lake, "--manifest", missing], environment: moto.environment)
            #expect(result.status != 0, "\(command): \(result.stdout)")
            let output = result.stderr + result.stdout
            #expect(output.contains(missing), "\(command): \(output)")
            #expect(output.contains("NoSuchBucket"), "\(command): \(output)")
        }
        var wrong = moto.environment
        wrong["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-at-all"
        for command in [["manifest"], ["history", "some-run"], ["run", "nsde"]] {
            let result = try ws.medallion(command + ["--lake", Self.lake, "--manifest", Self.manifest], environment: wrong)
            #expect(result.status != 0, "\(command): \(result.stdout)")
            let output = result.stderr + result.stdout
            #expect(output.contains(Self.manifest) || output.contains("s3://shared-lake/meta/.locks/"), "\(command): \(output)")
            #expect(!output.contains("not-the-secret-at-all") && !output.contains(moto.secretAccessKey), "\(command): \(output)")
        }
    }

    /// A run killed mid-flight leaves its lock object: the dataset stays busy until the lock
    /// expires, then the next command marks the run interrupted and `resume` finishes it.
    @Test func aKilledRunsLockExpiresAndTheRunResumes() throws {
        let moto = try MotoServer(bucket: "shared-lake")
        defer { moto.stop() }
        let ws = try PipelineWorkspace("s3-manifest-crash")
        defer { ws.remove() }
        let killed = try ws.medallion(["run", "nsde", "--quiet", "--lake", Self.lake, "--manifest", Self.manifest],
                                      environment: moto.environment.merging(["MEDALLION_TEST_CRASH_AT": "TaskStateEntered:Silver"]) { $1 })
        #expect(killed.status != 0, "the run was not killed")
        let busy = try medallion(ws, ["run", "nsde", "--quiet"], moto)
        #expect(busy.status == 2, "\(busy.stderr)")
        #expect(busy.stderr.contains("busy"), "\(busy.stderr)")

        // Time passes: the dead holder's lock expires.
        let expired = try moto.boto3("""
            key = "meta/.locks/nsde.lock"
            holder = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
            holder["expires_at"] = "2020-01-01T00:00:00.000Z"
            s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(holder))
            """)
        #expect(expired.status == 0, "\(expired.stderr)")
        let listed = try medallion(ws, ["runs", "--dataset", "nsde", "--json"], moto)
        let run = try #require((try PipelineWorkspace.json(listed.stdout) as? [[String: Any]])?.first, "\(listed.stderr)")
        #expect(run["status"] as? String == "interrupted", "\(run)")
        let runId = try #require(run["run_id"] as? String)

        let resumed = try medallion(ws, ["resume", runId, "--json", "--quiet"], moto)
        #expect(resumed.status == 0, "\(resumed.stderr) \(resumed.stdout)")
        let manifest = try #require(try PipelineWorkspace.json(try medallion(ws, ["manifest", "nsde", "--json"], moto).stdout) as? [String: Any])
        #expect(manifest["version"] as? Int == 1)
        let history = try medallion(ws, ["history", runId, "--json"], moto)
        let events = try #require(try PipelineWorkspace.json(history.stdout) as? [[String: Any]], "\(history.stderr)")
        #expect(events.last?["type"] as? String == "ExecutionSucceeded", "\(history.stdout)")
        let keys = try moto.boto3("print(sorted(o['Key'] for o in s3.list_objects_v2(Bucket=bucket, Prefix='meta/')['Contents']))")
        #expect(keys.stdout == "['meta/manifest.sqlite']\n", "\(keys.stdout)")
    }

    @Test func theManifestOptionsHelpExplainsTheS3Form() throws {
        let ws = try PipelineWorkspace("s3-manifest-help")
        defer { ws.remove() }
        for command in ["run", "manifest", "task"] {
            let help = try ws.medallion([command, "--help"])
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("s3://bucket/prefix/manifest.sqlite to keep it in S3"), "\(command): \(help.stdout)")
            #expect(text.contains("If-Match"), "\(command)")
        }
    }
}
