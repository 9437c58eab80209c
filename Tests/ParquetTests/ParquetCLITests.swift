import Foundation
import Testing
import TestSupport
@testable import Parquet

/// `medallion parquet schema|meta|cat` run as the built binary.
@Suite struct ParquetCLITests {
    static func medallion(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestEnvironment.medallionBinary.path, ["parquet"] + arguments)
    }

    static func ndjson(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    @Test func catPrintsOurRowsAsNDJSON() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ours.parquet").path
        _ = try SampleData.write(to: path, batches: [0..<50])
        let result = try Self.medallion(["cat", path, "--columns", "name,day,at,id", "--limit", "20"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.ndjson(result.stdout)
        #expect(rows.count == 20)
        let batch = SampleData.batch(rows: 0..<20)
        guard case .byteArrays(let names) = batch.columns[4], case .dates(let days) = batch.columns[5],
              case .timestampsMicros(let ats) = batch.columns[6] else { Issue.record("sample layout changed"); return }
        for (r, row) in rows.enumerated() {
            #expect((row["name"] as? String) == names[r] || (names[r] == nil && row["name"] is NSNull))
            #expect((row["day"] as? String) == days[r].map { SampleData.isoDate($0) } || (days[r] == nil && row["day"] is NSNull))
            if let micros = ats[r] {
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                let text = row["at"] as? String ?? ""
                let parsed = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
                #expect(parsed.map { abs($0.timeIntervalSince1970 - Double(micros) / 1e6) < 0.001 } == true, "\(text)")
                #expect(text.hasSuffix("Z"))
            } else {
                #expect(row["at"] is NSNull)
            }
        }
        // Keys come in the order asked.
        #expect(result.stdout.hasPrefix("{\"name\":"))
    }

    @Test func catMatchesPyarrowForItsOwnFile() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-cli-pa")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pa.parquet").path
        let script = """
        import sys, json, datetime, pyarrow as pa, pyarrow.parquet as pq
        utc = datetime.timezone.utc
        t = pa.table({"n": pa.array([1, None, -3], pa.int64()),
                      "s": ["tab\\there", None, "quote\\" 🎉"],
                      "d": pa.array([datetime.date(2024, 2, 29), datetime.date(1900, 1, 1), None]),
                      "ts": pa.array([datetime.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=utc), None,
                                      datetime.datetime(2038, 1, 19, 3, 14, 8, tzinfo=utc)], pa.timestamp("us", tz="UTC")),
                      "b": [True, False, None], "x": [0.5, None, -1e300]})
        pq.write_table(t, sys.argv[1], compression="zstd")
        """
        let written = try runPython(script, [path])
        #expect(written.status == 0, "\(written.stderr)")
        let result = try Self.medallion(["cat", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"{"n":1,"s":"tab\there","d":"2024-02-29","ts":"1969-12-31T23:59:59.500000Z","b":true,"x":0.5}"#,
            #"{"n":null,"s":null,"d":"1900-01-01","ts":null,"b":false,"x":null}"#,
            #"{"n":-3,"s":"quote\" 🎉","d":null,"ts":"2038-01-19T03:14:08Z","b":null,"x":-1e+300}"#,
        ])
    }

    @Test func schemaAndMetaDescribeTheFile() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-cli-meta")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ours.parquet").path
        var options = ParquetWriterOptions()
        options.keyValueMetadata = ["run_id": "run-7"]
        options.rowGroupSize = 4096
        let summary = try SampleData.write(to: path, batches: [0..<3000], options: options)

        let schema = try Self.medallion(["schema", path])
        #expect(schema.status == 0)
        let lines = schema.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("id INT64 REQUIRED"))
        #expect(lines.contains("name BYTE_ARRAY STRING (UTF8) OPTIONAL"))
        #expect(lines.contains("day INT32 DATE (DATE) OPTIONAL"))
        #expect(lines.contains("at INT64 TIMESTAMP(MICROS, UTC) (TIMESTAMP_MICROS) OPTIONAL"))

        let meta = try Self.medallion(["meta", "--json", path])
        #expect(meta.status == 0, "\(meta.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(meta.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(json["num_rows"] as? Int == 3000)
        #expect(json["created_by"] as? String == "medallion version 0.1.0")
        #expect((json["key_value_metadata"] as? [String: String]) == ["run_id": "run-7"])
        let groups = json["row_groups"] as? [[String: Any]] ?? []
        #expect(groups.count == summary.rowGroups && groups.count > 1)
        let first = (groups.first?["columns"] as? [[String: Any]])?.first ?? [:]
        #expect(first["compression"] as? String == "ZSTD")
        #expect((first["statistics"] as? [String: Any])?["min"] as? String == "-5000000")

        let text = try Self.medallion(["meta", path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("run_id = run-7"))
        #expect(text.stdout.contains("encodings="))
    }

    @Test func errorsAreReportedWithExitStatus() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-cli-err")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("not.parquet").path
        try "just text".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Self.medallion(["cat", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("PAR1"))
    }

    /// Files from other writers with types we do not decode: `schema` names them, `cat`
    /// refuses with a clear error and a non-zero exit instead of printing wrong values.
    @Test func foreignTypesAreNamedAndRefusedClearly() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-cli-foreign")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("foreign.parquet").path
        let made = try runPython("""
            import sys, decimal, datetime, pyarrow as pa, pyarrow.parquet as pq
            pq.write_table(pa.table({
                "dec": pa.array([decimal.Decimal("1.23")], pa.decimal128(9, 2)),
                "t": pa.array([datetime.time(1, 2, 3)], pa.time64("us")),
                "lst": pa.array([[1, 2]], pa.list_(pa.int64())),
            }), sys.argv[1], compression="zstd")
            """, [path])
        #expect(made.status == 0, "\(made.stderr)")
        let schema = try Self.medallion(["schema", path])
        #expect(schema.status == 0, "\(schema.stderr)")
        for name in ["DECIMAL", "TIME", "LIST"] { #expect(schema.stdout.contains(name), "\(schema.stdout)") }
        #expect(!schema.stdout.contains("LOGICAL("))
        let cat = try Self.medallion(["cat", path])
        #expect(cat.status != 0)
        #expect(cat.stderr.contains("unsupported"))
    }
}
