import Foundation
import Testing
import TestSupport
@testable import Manifest

/// A many-file version's file rows (`version_files`) are committed with the version and read
/// back in file order, per version; a one-file version has none.
@Suite struct VersionFilesTests {
    @Test func filesAreCommittedWithTheirVersionAndReadBackInOrder() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("manifest-files")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteManifestStore(path: dir.appendingPathComponent("manifest.sqlite").path)
        try store.registerDataset(name: "claims", configPath: "datasets/claims.json")
        func commit(_ run: String, files: [SourceFileRecord]) throws -> Int {
            try store.startRun(RunRecord(executionName: run, runId: run, dataset: "claims", forced: false,
                                         sourceURL: "file:data/claims-*.ndjson.gz", startedAt: Date(timeIntervalSince1970: 1)))
            let version = ManifestVersion(dataset: "claims", runId: run, sourceURL: "file:data/claims-*.ndjson.gz",
                                          sourceSHA256: String(repeating: "a", count: 64), sourceBytes: 30,
                                          rawURI: "file:///lake/raw/claims/list.sha256", pipelineFingerprint: "fp",
                                          rows: [:], outputs: [:], startedAt: Date(timeIntervalSince1970: 1),
                                          finishedAt: Date(timeIntervalSince1970: 2))
            return try store.commitVersion(version, outputs: [], files: files, executionName: run)
        }
        let files = [
            SourceFileRecord(position: 0, url: "file:data/claims-000.ndjson.gz", sha256: String(repeating: "1", count: 64),
                             bytes: 10, rows: 5, rawURI: "file:///lake/raw/claims/1.ndjson.gz", error: nil),
            SourceFileRecord(position: 1, url: "https://h/claims-001.ndjson.gz", sha256: nil, bytes: nil, rows: nil,
                             rawURI: nil, error: "HTTP 404"),
            SourceFileRecord(position: 2, url: "file:data/claims-002.ndjson.gz", sha256: String(repeating: "2", count: 64),
                             bytes: 20, rows: 7, rawURI: "file:///lake/raw/claims/2.ndjson.gz", error: nil),
        ]
        let first = try commit("run-1", files: files)
        let second = try commit("run-2", files: [])
        #expect(try store.files(dataset: "claims", version: first) == files)
        #expect(try store.files(dataset: "claims", version: second).isEmpty)
        #expect(try store.files(dataset: "other", version: first).isEmpty)
    }
}
