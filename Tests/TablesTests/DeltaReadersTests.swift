import Foundation
import Lake
import Tables
import Testing
import TestSupport

/// Tables our log describes, opened by independent readers: delta-rs (`deltalake`) and
/// `polars.read_delta`, at the newest and an earlier version, against our Parquet read by pyarrow.
@Suite struct DeltaReadersTests {
    /// Prints, per version asked, what delta-rs and polars see and what pyarrow reads from the
    /// partition that version should hold.
    static let compare = """
        import json, os, sys
        import pyarrow as pa, pyarrow.parquet as pq, polars as pl
        from deltalake import DeltaTable
        uri = sys.argv[1]
        out = {}
        for arg in sys.argv[2:]:
            version, partition = arg.split("=", 1)
            version = int(version)
            dt = DeltaTable(uri, version=version)
            ours = pq.read_table(partition).sort_by("id")
            theirs = dt.to_pyarrow_table().sort_by("id")
            polars = pl.read_delta(uri, version=version).sort("id")
            out[str(version)] = {
                "version": dt.version(),
                "protocol": [dt.protocol().min_reader_version, dt.protocol().min_writer_version],
                "files": dt.file_uris(),
                "schema": str(pa.schema(dt.schema().to_arrow())),
                "delta_equal": theirs.to_pylist() == ours.to_pylist(),
                "polars_equal": polars.to_dicts() == pl.from_arrow(ours).to_dicts(),
                "rows": theirs.num_rows,
                "history": [h.get("operation") for h in dt.history()],
                "run": dt.history(1)[0].get("runId"),
            }
        # Data skipping uses our statistics: a filter beyond every max reads nothing.
        dt = DeltaTable(uri)
        out["skipped"] = dt.to_pyarrow_table(filters=[("id", ">", 10**12)]).num_rows
        out["stats"] = pa.table(dt.get_add_actions(flatten=True)).to_pylist()
        print(json.dumps(out, default=str), flush=True)
        # Skip interpreter teardown: under load, pyarrow and deltalake threads sometimes abort
        # at exit ("terminate called without an active exception") after the work is done.
        os._exit(0)
        """

    @Test func deltaRsAndPolarsReadEveryVersion() async throws {
        let fixture = try TableFixture()
        defer { fixture.remove() }
        let first = try await fixture.write(run: "20261130T060000Z-00000001", rows: 50)
        let second = try await fixture.write(run: "20261130T060100Z-00000002", rows: 80, firstId: 1000)
        #expect(first.version == 0 && second.version == 1)
        let root = fixture.root.path + "/" + fixture.table.key
        let result = try runPython(Self.compare, [root,
                                                  "0=\(root)/version=20261130T060000Z-00000001/part-00000.parquet",
                                                  "1=\(root)/version=20261130T060100Z-00000002/part-00000.parquet"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["0", "1"] {
            let version = try #require(json[key] as? [String: Any])
            #expect(version["delta_equal"] as? Bool == true, "\(version)")
            #expect(version["polars_equal"] as? Bool == true, "\(version)")
            #expect(version["protocol"] as? [Int] == [1, 2])
            #expect((version["files"] as? [String])?.count == 1)
        }
        let latest = try #require(json["1"] as? [String: Any])
        #expect(latest["rows"] as? Int == 80)
        #expect(latest["run"] as? String == "20261130T060100Z-00000002")
        #expect(latest["history"] as? [String] == ["WRITE", "WRITE"])
        let schema = try #require(latest["schema"] as? String)
        for expected in ["id: int64 not null", "name: string", "small: int32", "price: double", "active: bool",
                         "start_date: date32", "seen_at: timestamp[us, tz=UTC]", "tags: list<element: string>"] {
            #expect(schema.contains(expected), "\(schema)")
        }
        #expect(json["skipped"] as? Int == 0)
        let stats = try #require((json["stats"] as? [[String: Any]])?.first)
        #expect(stats["num_records"] as? Int == 80)
        #expect(stats["min.id"] as? Int == 1000)
        #expect(stats["max.id"] as? Int == 1079)
        #expect(stats["null_count.name"] as? Int == 11)
    }

    @Test func theLogHasTheShapeTheProtocolAsks() async throws {
        let fixture = try TableFixture()
        defer { fixture.remove() }
        try await fixture.write(run: "20261130T060000Z-00000001", rows: 10)
        try await fixture.write(run: "20261130T060100Z-00000002", rows: 10)
        let log = fixture.root.appendingPathComponent("silver/demo/_delta_log")
        let names = try FileManager.default.contentsOfDirectory(atPath: log.path).sorted()
        #expect(names == ["00000000000000000000.json", "00000000000000000001.json"])
        let first = try String(contentsOf: log.appendingPathComponent(names[0]), encoding: .utf8)
        let second = try String(contentsOf: log.appendingPathComponent(names[1]), encoding: .utf8)
        #expect(first.contains("\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}"))
        #expect(first.contains("\"metaData\""))
        #expect(first.contains("\"path\":\"version=20261130T060000Z-00000001/part-00000.parquet\""))
        // The second version replaces the first one's file and keeps the table's identity.
        #expect(second.contains("\"remove\":{\"dataChange\":true"))
        #expect(!second.contains("\"metaData\""))
        #expect(!second.contains("\"protocol\""))
        let snapshot = try await fixture.table.snapshot(at: 0)
        #expect(snapshot.files.map(\.path) == ["version=20261130T060000Z-00000001/part-00000.parquet"])
        #expect(snapshot.rows == 10)
    }

    @Test func committingTheSameRunAgainWritesNothing() async throws {
        let fixture = try TableFixture()
        defer { fixture.remove() }
        let partition = try await fixture.publish(run: "20261130T060000Z-00000001", rows: 5)
        let (files, schema) = try await DeltaDataFiles.collect(in: fixture.table, partition: partition)
        let first = try await fixture.table.commit(files: files, schema: schema, operation: .write, runId: "20261130T060000Z-00000001")
        let again = try await fixture.table.commit(files: files, schema: schema, operation: .write, runId: "20261130T060000Z-00000001")
        #expect(first.version == 0 && again.version == 0 && again.alreadyCommitted)
        #expect(try await fixture.table.versions() == [0])
    }

    @Test func askingForAVersionThatDoesNotExistSaysWhichExist() async throws {
        let fixture = try TableFixture()
        defer { fixture.remove() }
        await #expect(throws: DeltaError.noTable(table: fixture.table.uri)) { try await fixture.table.snapshot() }
        try await fixture.write(run: "20261130T060000Z-00000001", rows: 5)
        await #expect(throws: DeltaError.noSuchVersion(table: fixture.table.uri, version: 4, latest: 0)) {
            try await fixture.table.snapshot(at: 4)
        }
    }
}
