import Foundation
import GRDB
import Testing
import TestSupport
@testable import Manifest

@Suite struct SQLiteManifestStoreTests {
    private func makeStore() throws -> (SQLiteManifestStore, URL) {
        let dir = try TestEnvironment.makeTemporaryDirectory("manifest-store")
        let store = try SQLiteManifestStore(path: dir.appendingPathComponent("nested/manifest.sqlite").path)
        try store.registerDataset(name: "nsde", configPath: "datasets/nsde.json")
        return (store, dir)
    }

    private func version(run: String, sha: String) -> ManifestVersion {
        ManifestVersion(dataset: "nsde", runId: run, sourceURL: "file:datasets/samples/nsde.csv", sourceSHA256: sha,
                        sourceBytes: 42, rawURI: "file:///lake/raw/nsde/x.csv", pipelineFingerprint: "fp",
                        rows: ["source": 5, "bronze": 5], outputs: ["bronze": "file:///lake/bronze/nsde/run=\(run)"],
                        schemaJSON: #"[{"name":"a"}]"#, startedAt: Date(timeIntervalSince1970: 1_000),
                        finishedAt: Date(timeIntervalSince1970: 1_002.5))
    }

    @Test func aRunIsIdentifiedCommittedAndReadBack() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date(timeIntervalSince1970: 1_000)
        try store.startRun(RunRecord(executionName: "exec-1", runId: "19700101T001640Z-pending1", dataset: "nsde",
                                     forced: false, sourceURL: "file:datasets/samples/nsde.csv", startedAt: start))
        try store.identifyRun(executionName: "exec-1", runId: "19700101T001640Z-abcdef01", sourceSHA256: "abcdef01ff")
        let number = try store.commitVersion(version(run: "19700101T001640Z-abcdef01", sha: "abcdef01ff"),
                                             outputs: [OutputRecord(runId: "19700101T001640Z-abcdef01", layer: "bronze",
                                                                    uri: "file:///b", rows: 5, bytes: 900, files: 1)],
                                             executionName: "exec-1")
        #expect(number == 1)

        let run = try #require(try store.run(id: "19700101T001640Z-abcdef01"))
        #expect(run.status == .succeeded)
        #expect(run.sourceSHA256 == "abcdef01ff")
        #expect(run.durationSeconds == 2.5)
        #expect(try store.run(id: "exec-1")?.runId == run.runId)

        let latest = try #require(try store.latestVersion(dataset: "nsde"))
        #expect(latest.version == 1)
        #expect(latest.rows == ["source": 5, "bronze": 5])
        #expect(latest.startedAt == start)
        #expect(try store.outputs(runId: run.runId).map(\.rows) == [5])
    }

    @Test func versionsAccumulateAndFailuresLeaveTheManifestAlone() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (index, sha) in ["aaaa", "bbbb"].enumerated() {
            let exec = "exec-\(index)"
            try store.startRun(RunRecord(executionName: exec, runId: "r\(index)", dataset: "nsde", forced: false,
                                         sourceURL: "u", startedAt: Date(timeIntervalSince1970: Double(index))))
            try store.commitVersion(version(run: "r\(index)", sha: sha), outputs: [], executionName: exec)
        }
        try store.startRun(RunRecord(executionName: "exec-f", runId: "rf", dataset: "nsde", forced: true,
                                     sourceURL: "u", startedAt: Date(timeIntervalSince1970: 10)))
        try store.finishRun(executionName: "exec-f", status: .failed, finishedAt: Date(timeIntervalSince1970: 11),
                            error: "Medallion.SourceNotFound", cause: "404")

        #expect(try store.versions(dataset: "nsde").map(\.version) == [2, 1])
        #expect(try store.latestVersion(dataset: "nsde")?.sourceSHA256 == "bbbb")
        let runs = try store.runs(dataset: "nsde", limit: 10)
        #expect(runs.map(\.runId) == ["rf", "r1", "r0"])
        #expect(runs.first?.status == .failed)
        #expect(runs.first?.error == "Medallion.SourceNotFound")
        #expect(try store.datasets().first?.lastRun?.runId == "rf")
    }

    @Test func eventsComeBackInOrder() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.startRun(RunRecord(executionName: "e", runId: "r", dataset: "nsde", forced: false, sourceURL: "u",
                                     startedAt: Date()))
        let types = ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskSucceeded", "ExecutionSucceeded"]
        try store.appendEvents(types.enumerated().reversed().map { index, type in
            ExecutionEventRecord(executionName: "e", eventId: index + 1, previousEventId: index, type: type,
                                 timestamp: Date(), stateName: index == 0 ? nil : "FetchAndHash", detailsJSON: "{}")
        })
        #expect(try store.events(executionName: "e").map(\.type) == types)
    }

    @Test func finishingAnUnknownRunIsAnError() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ManifestError.unknownRun("nope")) {
            try store.finishRun(executionName: "nope", status: .failed, finishedAt: Date(), error: nil, cause: nil)
        }
    }

    @Test func readersWorkWhileAWriterHoldsATransaction() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = store.database.path
        let writer = try DatabaseQueue(path: path)
        try writer.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            try db.execute(sql: "UPDATE datasets SET config_path = 'changed'")
            // Another process's reader sees the last committed state without waiting.
            let reader = try SQLiteManifestStore(path: path)
            #expect(try reader.datasets().map(\.configPath) == ["datasets/nsde.json"])
            try db.execute(sql: "COMMIT")
        }
    }
}
