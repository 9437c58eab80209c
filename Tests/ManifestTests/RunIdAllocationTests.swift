import Foundation
import Testing
import TestSupport
@testable import Manifest

/// Two datasets with identical bytes started in the same second want the same run id; the
/// store hands out `-2`, `-3`, … instead of failing on runs.run_id UNIQUE.
@Suite struct RunIdAllocationTests {
    private func makeStore() throws -> (SQLiteManifestStore, URL) {
        let dir = try TestEnvironment.makeTemporaryDirectory("run-ids")
        let store = try SQLiteManifestStore(path: dir.appendingPathComponent("manifest.sqlite").path)
        for name in ["a", "b", "c"] { try store.registerDataset(name: name, configPath: "datasets/\(name).json") }
        return (store, dir)
    }

    private func start(_ store: SQLiteManifestStore, _ execution: String, dataset: String) throws {
        try store.startRun(RunRecord(executionName: execution, runId: execution, dataset: dataset, forced: false,
                                     sourceURL: "file:x.csv", startedAt: Date(timeIntervalSince1970: 1_000)))
    }

    @Test func aTakenIdGetsTheNextFreeSuffix() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wanted = "19700101T001640Z-abcdef01"
        try start(store, "19700101T001640Z-00000001", dataset: "a")
        try start(store, "19700101T001640Z-00000002", dataset: "b")
        try start(store, "19700101T001640Z-00000003", dataset: "c")
        #expect(try store.identifyRun(executionName: "19700101T001640Z-00000001", runId: wanted, sourceSHA256: "abcdef01") == wanted)
        #expect(try store.identifyRun(executionName: "19700101T001640Z-00000002", runId: wanted, sourceSHA256: "abcdef01") == wanted + "-2")
        #expect(try store.identifyRun(executionName: "19700101T001640Z-00000003", runId: wanted, sourceSHA256: "abcdef01") == wanted + "-3")
        // A retried FetchAndHash keeps the id it was given.
        #expect(try store.identifyRun(executionName: "19700101T001640Z-00000002", runId: wanted, sourceSHA256: "abcdef01") == wanted + "-2")
        #expect(try store.run(id: wanted + "-2")?.dataset == "b")
        #expect(Set(try store.runs(dataset: nil, limit: 10).map(\.runId)) == [wanted, wanted + "-2", wanted + "-3"])
    }

    @Test func anIdEqualToAnotherRunsExecutionNameIsTaken() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A provisional name that happens to equal the content-named id of another run.
        try start(store, "19700101T001640Z-abcdef01", dataset: "a")
        try start(store, "19700101T001640Z-00000002", dataset: "b")
        #expect(try store.identifyRun(executionName: "19700101T001640Z-00000002", runId: "19700101T001640Z-abcdef01",
                                      sourceSHA256: "abcdef01") == "19700101T001640Z-abcdef01-2")
    }

    @Test func startingATakenNameIsATypedError() throws {
        let (store, dir) = try makeStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try start(store, "19700101T001640Z-00000001", dataset: "a")
        #expect(throws: ManifestError.runExists("19700101T001640Z-00000001")) {
            try start(store, "19700101T001640Z-00000001", dataset: "b")
        }
    }

    @Test func suffixesAreRecognisedExactly() {
        #expect(RunIdAllocation.isSuffixed("x-2", of: "x"))
        #expect(RunIdAllocation.isSuffixed("x-10", of: "x"))
        for id in ["x-1", "x-02", "x-", "x-+2", "x-2a", "y-2", "x"] { #expect(!RunIdAllocation.isSuffixed(id, of: "x"), "\(id)") }
    }
}
