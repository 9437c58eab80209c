import Foundation
import Manifest
import Testing
import TestSupport
@testable import MedallionCore

/// Run ids have one-second resolution and sort in start order within a dataset; a run that
/// starts within the second of the dataset's latest id takes the next second instead of
/// waiting for it (back-to-back skips used to wait out each second).
@Suite struct RunIdTimeTests {
    @Test func aBurstOfRunsGetsIncreasingIdsWithoutWaiting() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("run-id-time")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteManifestStore(path: dir.appendingPathComponent("manifest.sqlite").path)
        try store.registerDataset(name: "a", configPath: "datasets/a.json")
        try store.registerDataset(name: "b", configPath: "datasets/b.json")

        let now = Date(timeIntervalSince1970: 1_800_000_000.25)
        // No earlier run: the id carries the start time itself.
        #expect(DatasetRunner.idTime(store: store, dataset: "a", startedAt: now) == now)

        var ids: [String] = []
        for index in 0..<4 {
            // Four runs within 0.3 s of each other.
            let startedAt = now.addingTimeInterval(Double(index) * 0.1)
            let idTime = DatasetRunner.idTime(store: store, dataset: "a", startedAt: startedAt)
            ids.append(try DatasetRunner.startRun(store: store, dataset: "a", forced: false, sourceURL: "file:a.csv",
                                                  startedAt: startedAt, idTime: idTime))
        }
        let seconds = ids.map { String($0.prefix(16)) }
        #expect(seconds == ["20270115T080000Z", "20270115T080001Z", "20270115T080002Z", "20270115T080003Z"], "\(ids)")
        // The records keep their real start times.
        let started = try store.runs(dataset: "a", limit: 10).map(\.startedAt).sorted()
        #expect(started.first == now && started.count == 4)

        // Another dataset is not held back by this one's burst.
        #expect(DatasetRunner.idTime(store: store, dataset: "b", startedAt: now) == now)
        // Once the clock passes the latest id, ids follow the clock again.
        let later = now.addingTimeInterval(10)
        #expect(DatasetRunner.idTime(store: store, dataset: "a", startedAt: later) == later)
    }
}
