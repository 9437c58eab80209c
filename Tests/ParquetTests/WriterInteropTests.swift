import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Files we write are read by pyarrow and DuckDB with the same values, types and statistics.
@Suite struct WriterInteropTests {
    static let pyarrowDump = """
    import json, sys, datetime
    import pyarrow.parquet as pq
    f = pq.ParquetFile(sys.argv[1])
    t = f.read()
    md = f.metadata
    rows = []
    for rec in t.to_pylist():
        out = {}
        for k, v in rec.items():
            if isinstance(v, datetime.datetime):
                v = int((v - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) / datetime.timedelta(microseconds=1))
            elif isinstance(v, datetime.date):
                v = v.isoformat()
            out[k] = v
        rows.append(out)
    stats = {}
    for i in range(md.num_columns):
        c = md.row_group(0).column(i) if md.num_row_groups else None
        if c is not None and c.statistics is not None:
            s = c.statistics
            stats[c.path_in_schema] = {"has_min_max": s.has_min_max, "null_count": s.null_count,
                "min": str(s.min) if s.has_min_max else None, "max": str(s.max) if s.has_min_max else None}
    types = {f.name: str(f.type) for f in t.schema}
    nullable = {f.name: f.nullable for f in t.schema}
    print(json.dumps({"rows": rows, "types": types, "nullable": nullable, "stats": stats,
        "num_row_groups": md.num_row_groups, "created_by": md.created_by,
        "kv": {k.decode(): v.decode() for k, v in (md.metadata or {}).items()},
        "compression": [md.row_group(0).column(i).compression for i in range(md.num_columns)] if md.num_row_groups else []}))
    """

    static func dumpWithPyarrow(_ path: String) throws -> [String: Any] {
        let result = try runPython(pyarrowDump, [path])
        #expect(result.status == 0, "pyarrow failed: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return json as? [String: Any] ?? [:]
    }

    /// Compares pyarrow's rows (JSON) with the sample rows, recording the first difference.
    static func rowsEqual(_ actual: [[String: Any]], _ rows: Range<Int>) -> Bool {
        guard actual.count == rows.count else {
            Issue.record("got \(actual.count) rows, expected \(rows.count)")
            return false
        }
        let expected = SampleData.batch(rows: rows)
        for (r, row) in actual.enumerated() {
            for (column, values) in zip(SampleData.schema.columns, expected.columns) {
                let value = row[column.name] ?? NSNull()
                if !SampleData.matches(value, values, r) {
                    Issue.record("row \(r) column \(column.name): got \(value), expected \(SampleData.jsonValue(values, r))")
                    return false
                }
            }
        }
        return true
    }

    @Test func pyarrowReadsEveryTypeWithNullsAndStatistics() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-writer")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("all.parquet").path
        var options = ParquetWriterOptions()
        options.keyValueMetadata = ["run_id": "r-42", "a_first": "yes"]
        let summary = try SampleData.write(to: path, batches: [0..<100, 100..<101, 101..<1000], options: options)
        #expect(summary.rows == 1000)
        #expect(summary.rowGroups == 1)

        let dump = try Self.dumpWithPyarrow(path)
        let types = dump["types"] as? [String: String] ?? [:]
        #expect(types == ["id": "int64", "flag": "bool", "small": "int32", "amount": "double", "name": "string",
                          "day": "date32[day]", "at": "timestamp[us, tz=UTC]", "code": "string"])
        let nullable = dump["nullable"] as? [String: Bool] ?? [:]
        #expect(nullable["id"] == false && nullable["code"] == false && nullable["name"] == true)
        #expect(Self.rowsEqual(dump["rows"] as? [[String: Any]] ?? [], 0..<1000))
        #expect(dump["created_by"] as? String == "medallion version 0.1.0")
        #expect(dump["kv"] as? [String: String] == ["run_id": "r-42", "a_first": "yes"])
        #expect((dump["compression"] as? [String] ?? []).allSatisfy { $0 == "ZSTD" })

        let stats = dump["stats"] as? [String: [String: Any]] ?? [:]
        let idStats = stats["id"] ?? [:]
        #expect(idStats["min"] as? String == "-5000000")
        #expect(idStats["max"] as? String == String(999 * 1_000_003 - 5_000_000))
        #expect(idStats["null_count"] as? Int == 0)
        let nameStats = stats["name"] ?? [:]
        // Unsigned byte order: "" < "Bücher" < "Zeta" < ... < "日本語".
        #expect(nameStats["min"] as? String == "")
        #expect(nameStats["max"] as? String == "日本語")
        #expect(nameStats["null_count"] as? Int == 250)
        #expect(stats["day"]?["min"] as? String == "1961-10-15")
        #expect(stats["flag"]?["null_count"] as? Int == 334)
        #expect(stats["amount"]?["min"] as? String == "-100.5")
    }

    @Test func duckdbReadsValuesAndTypes() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-duckdb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("all.parquet").path
        _ = try SampleData.write(to: path, batches: [0..<500])
        let script = """
        import duckdb, json, sys
        con = duckdb.connect()
        types = {r[0]: r[1] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [sys.argv[1]]).fetchall()}
        agg = con.execute('SELECT count(*), count(name), sum(id), min(day)::VARCHAR, max("at")::VARCHAR, sum(amount), count(flag), sum(small), string_agg(name, chr(124) ORDER BY id) FROM read_parquet(?)', [sys.argv[1]]).fetchone()
        print(json.dumps({"types": types, "agg": list(agg)}))
        """
        let result = try runPython(script, [path])
        #expect(result.status == 0, "duckdb failed: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let types = json["types"] as? [String: String] ?? [:]
        #expect(types == ["id": "BIGINT", "flag": "BOOLEAN", "small": "INTEGER", "amount": "DOUBLE", "name": "VARCHAR",
                          "day": "DATE", "at": "TIMESTAMP WITH TIME ZONE", "code": "VARCHAR"])
        let agg = json["agg"] as? [Any] ?? []
        let batch = SampleData.batch(rows: 0..<500)
        guard case .byteArrays(let names) = batch.columns[4], case .int64s(let ids) = batch.columns[0],
              case .doubles(let amounts) = batch.columns[3], case .int32s(let smalls) = batch.columns[2] else {
            Issue.record("sample layout changed"); return
        }
        #expect(agg.count == 9)
        guard agg.count == 9 else { return }
        #expect(agg[0] as? Int == 500)
        #expect(agg[1] as? Int == 500 - names.nullCount)
        #expect(agg[2] as? Int == Int(ids.compactMap { $0 }.reduce(0, +)))
        #expect(agg[3] as? String == "1961-10-15")
        #expect(abs((agg[5] as? Double ?? 0) - amounts.compactMap { $0 }.reduce(0, +)) < 1e-6)
        #expect(agg[7] as? Int == Int(smalls.compactMap { $0 }.reduce(0, +)))
        #expect(agg[8] as? String == names.strings.compactMap { $0 }.joined(separator: "|"))
    }

    @Test func zeroRowsAndOneRowAreReadable() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-small")
        defer { try? FileManager.default.removeItem(at: dir) }
        for rows in [0..<0, 0..<1] {
            let path = dir.appendingPathComponent("n\(rows.count).parquet").path
            let summary = try SampleData.write(to: path, batches: rows.isEmpty ? [] : [rows])
            #expect(summary.rows == Int64(rows.count))
            let dump = try Self.dumpWithPyarrow(path)
            #expect(Self.rowsEqual(dump["rows"] as? [[String: Any]] ?? [], rows))
            #expect((dump["types"] as? [String: String])?["at"] == "timestamp[us, tz=UTC]")
        }
    }

    @Test func allNullColumnsAreReadable() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-allnull")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("n.parquet").path
        var strings = ByteArrayColumn()
        for _ in 0..<1000 { strings.appendNull() }
        let schema = ParquetSchema([ParquetColumn(name: "s", type: .string, nullable: true),
                                    ParquetColumn(name: "d", type: .date, nullable: true),
                                    ParquetColumn(name: "b", type: .boolean, nullable: true)])
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema)
        try writer.write(ColumnBatch([.byteArrays(strings), .dates(Array(repeating: nil, count: 1000)),
                                      .booleans(Array(repeating: nil, count: 1000))]))
        _ = try writer.close()
        let script = """
        import sys, duckdb, pyarrow.parquet as pq
        t = pq.read_table(sys.argv[1])
        print(t.num_rows, [t.column(i).null_count for i in range(3)], [str(f.type) for f in t.schema])
        print(duckdb.connect().execute("SELECT count(*), count(s), count(d), count(b) FROM read_parquet(?)", [sys.argv[1]]).fetchone())
        """
        let result = try runPython(script, [path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1000 [1000, 1000, 1000] ['string', 'date32[day]', 'bool']\n(1000, 0, 0, 0)\n")
    }

    @Test func manyRowGroupsUncompressedAndDictionaryFallback() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-groups")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("groups.parquet").path
        var options = ParquetWriterOptions()
        options.compression = .uncompressed
        options.rowGroupSize = 16 * 1024
        options.dataPageSize = 4 * 1024
        options.dictionaryPageSizeLimit = 2 * 1024
        let summary = try SampleData.write(to: path, batches: [0..<20_000, 20_000..<30_000], options: options)
        #expect(summary.rowGroups > 3)
        let dump = try Self.dumpWithPyarrow(path)
        #expect(dump["num_row_groups"] as? Int == summary.rowGroups)
        #expect(Self.rowsEqual(dump["rows"] as? [[String: Any]] ?? [], 0..<30_000))
        #expect((dump["compression"] as? [String] ?? []).allSatisfy { $0 == "UNCOMPRESSED" })
    }

    /// Data page v2: pyarrow and DuckDB read every value; pages that zstd cannot shrink are
    /// stored raw (`is_compressed` false) and are read back too.
    @Test func dataPageV2IsReadByPyarrowAndDuckDB() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-v2")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v2.parquet").path
        var options = ParquetWriterOptions()
        options.dataPageVersion = .v2
        options.dataPageSize = 2 * 1024
        let summary = try SampleData.write(to: path, batches: [0..<3000, 3000..<5000], options: options)
        #expect(summary.rows == 5000)
        let reader = try ParquetFileReader(path: path)
        #expect(try reader.footer().rowGroups[0].columns.allSatisfy { $0.encodingStats.contains { $0.pageType == PageType.dataPageV2.rawValue } })
        let dump = try Self.dumpWithPyarrow(path)
        #expect(Self.rowsEqual(dump["rows"] as? [[String: Any]] ?? [], 0..<5000))
        let result = try runPython("""
            import sys, duckdb
            print(duckdb.connect().execute("SELECT count(*), count(name), sum(id) FROM read_parquet(?)", [sys.argv[1]]).fetchone())
            """, [path])
        #expect(result.status == 0, "\(result.stderr)")
        let batch = SampleData.batch(rows: 0..<5000)
        guard case .byteArrays(let names) = batch.columns[4], case .int64s(let ids) = batch.columns[0] else {
            Issue.record("sample layout changed"); return
        }
        #expect(result.stdout == "(5000, \(5000 - names.nullCount), \(ids.compactMap { $0 }.reduce(0, +)))\n")

        // Random 64-bit values do not compress: their pages go out raw.
        let rawPath = dir.appendingPathComponent("raw.parquet").path
        var generator = SystemRandomNumberGenerator()
        let random: [Int64?] = (0..<4000).map { _ in Int64.random(in: .min ... .max, using: &generator) }
        options.dictionaryEnabled = false
        let writer = try ParquetWriter(sink: try FileOutputSink(path: rawPath),
                                       schema: ParquetSchema([ParquetColumn(name: "r", type: .int64, nullable: false)]), options: options)
        try writer.write(ColumnBatch([.int64s(random)]))
        _ = try writer.close()
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: rawPath)))
        let chunk = try ParquetFileReader(path: rawPath).footer().rowGroups[0].columns[0]
        let (header, _) = try PageHeader.read(file, start: Int(chunk.dataPageOffset))
        #expect(header.type == PageType.dataPageV2.rawValue)
        #expect(!header.isCompressed)
        #expect(chunk.codec == CompressionCodec.zstd.rawValue)
        let read = try runPython("""
            import sys, pyarrow.parquet as pq
            print(",".join(str(v) for v in pq.read_table(sys.argv[1]).column("r").to_pylist()))
            """, [rawPath])
        #expect(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == random.map { "\($0!)" }.joined(separator: ","))
    }
}
