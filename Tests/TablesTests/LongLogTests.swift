import Foundation
import Lake
import Testing
import TestSupport
@testable import Tables

/// A table of 10,000 versions opens in under a second: every 100th commit writes a Parquet
/// checkpoint, which delta-rs and polars start from instead of replaying 10,000 commits.
@Suite struct LongLogTests {
    static let versions: Int64 = 10_000

    /// argv: table root. Seconds to open and read the newest version and version 5,050, per reader.
    static let timeOpen = """
        import json, os, sys, time
        import pyarrow.parquet as pq
        from deltalake import DeltaTable
        import polars as pl
        root = sys.argv[1]
        out = {}
        start = time.perf_counter(); dt = DeltaTable(root); rows = dt.to_pyarrow_table().num_rows
        out["delta_rs"] = [time.perf_counter() - start, dt.version(), rows]
        start = time.perf_counter(); old = DeltaTable(root, version=5050); old_rows = old.to_pyarrow_table().num_rows
        out["delta_rs_5050"] = [time.perf_counter() - start, old.version(), old_rows, old.file_uris()]
        start = time.perf_counter(); frame = pl.read_delta(root)
        out["polars"] = [time.perf_counter() - start, frame.height]
        checkpoint = pq.read_table(f"{root}/_delta_log/00000000000000009900.checkpoint.parquet")
        out["checkpoint_rows"] = checkpoint.num_rows
        out["checkpoint_adds"] = [a["path"] for a in checkpoint.column("add").to_pylist() if a]
        out["last_checkpoint"] = json.load(open(f"{root}/_delta_log/_last_checkpoint"))
        print(json.dumps(out), flush=True)
        # Skip interpreter teardown: under load, pyarrow and deltalake threads sometimes abort
        # at exit ("terminate called without an active exception") after the work is done.
        os._exit(0)
        """

    @Test func tenThousandVersionsOpenInUnderASecond() async throws {
        let fixture = try TableFixture()
        defer { fixture.remove() }
        // Two real partitions; the versions alternate between them (each version replaces the other's file).
        let partitions = [try await fixture.publish(run: "20261130T060000Z-00000001", rows: 40),
                          try await fixture.publish(run: "20261130T060100Z-00000002", rows: 60, firstId: 500)]
        var contents: [(files: [DeltaAddFile], schema: DeltaSchema)] = []
        for partition in partitions { contents.append(try await DeltaDataFiles.collect(in: fixture.table, partition: partition)) }
        // Commit by commit as `commit` does, keeping the state in memory instead of re-reading
        // the growing log before each commit (that is what makes a 10,000-commit setup quick).
        var state = DeltaReplay(table: fixture.table.uri)
        var current: DeltaSnapshot?
        for version in 0..<Self.versions - 1 {
            let content = contents[Int(version % 2)]
            let lines = fixture.table.actions(files: content.files, schemaString: content.schema.schemaString, replacing: current,
                                              operation: .write, runId: "run-\(version)", timestamp: 1_764_000_000_000 + version)
            let key = DeltaLogPath.commit(table: fixture.table.key, version: version)
            #expect(try await fixture.store.putIfAbsent(key: key, bytes: try DeltaLogCoding.encode(lines)))
            await fixture.table.checkpointIfDue(version: version, after: current, lines: lines)
            try state.apply(lines, version: version)
            current = try state.snapshot(version: version)
        }
        // The last one through the real commit path: it reads the whole log first.
        let clock = ContinuousClock()
        let began = clock.now
        let last = try await fixture.table.commit(files: contents[1].files, schema: contents[1].schema, operation: .write,
                                                  runId: "20261130T070000Z-00000003")
        let commitTime = clock.now - began
        #expect(last.version == Self.versions - 1)
        let opened = clock.now
        let snapshot = try await fixture.table.snapshot()
        let ownOpen = clock.now - opened
        #expect(snapshot.files.map(\.path) == contents[1].files.map(\.path) && snapshot.rows == 60)
        #expect(ownOpen < .seconds(1), "medallion opened it in \(ownOpen)")
        // Version 5,050 from the checkpoint at 5,000, and the same from the commits alone.
        let fromCheckpoint = try await fixture.table.snapshot(at: 5_050)
        #expect(fromCheckpoint.files == contents[0].files)
        #expect(fromCheckpoint.metadata.schemaString == contents[0].schema.schemaString)
        let checkpointKey = DeltaLogPath.checkpoint(table: fixture.table.key, version: 5_000)
        let size = try #require(try await fixture.store.head(key: checkpointKey)).size
        let original = try await fixture.store.get(key: checkpointKey, range: 0..<size)
        try await fixture.store.put(key: checkpointKey, bytes: Array("PAR1 damaged PAR1".utf8))
        #expect(try await fixture.table.snapshot(at: 5_050).files == contents[0].files)
        try await fixture.store.put(key: checkpointKey, bytes: original)

        let root = fixture.root.path + "/" + fixture.table.key
        let result = try runPython(Self.timeOpen, [root])
        try #require(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let deltaRs = try #require(json["delta_rs"] as? [Any])
        let old = try #require(json["delta_rs_5050"] as? [Any])
        let polars = try #require(json["polars"] as? [Any])
        print("10,000 versions: delta-rs \(deltaRs[0]) s, delta-rs at 5050 \(old[0]) s, polars \(polars[0]) s; "
              + "medallion open \(ownOpen), commit \(commitTime)")
        #expect((deltaRs[0] as? Double ?? 9) < 1.0, "delta-rs took \(deltaRs[0]) s")
        #expect((old[0] as? Double ?? 9) < 1.0, "delta-rs at 5050 took \(old[0]) s")
        #expect((polars[0] as? Double ?? 9) < 1.0, "polars took \(polars[0]) s")
        #expect(deltaRs[1] as? Int == 9_999 && deltaRs[2] as? Int == 60)
        #expect(old[1] as? Int == 5_050 && old[2] as? Int == 40)
        #expect((old[3] as? [String])?.first?.contains("version=20261130T060000Z-00000001") == true)
        #expect(polars[1] as? Int == 60)
        #expect(json["checkpoint_rows"] as? Int == 3, "protocol, metaData, one add")
        #expect(json["checkpoint_adds"] as? [String] == contents[0].files.map(\.path))
        #expect((json["last_checkpoint"] as? [String: Any])?["version"] as? Int == 9_900)
    }
}
