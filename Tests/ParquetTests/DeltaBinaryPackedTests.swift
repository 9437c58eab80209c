import Foundation
import Testing
import TestSupport
@testable import Parquet

/// DELTA_BINARY_PACKED columns: the encoding's bytes, round trips through our writer and
/// reader, files pyarrow, DuckDB and Spark read with the same values, files pyarrow wrote, and
/// damaged pages that must fail with a typed error.
@Suite struct DeltaBinaryPackedTests {
    // MARK: Sequences

    /// Deterministic pseudo-random values (xorshift), wide or narrow.
    static func scrambled(_ count: Int, seed: UInt64, bits: Int) -> [Int64] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int64(bitPattern: state) >> Int64(64 - bits)
        }
    }

    static let int64Sequences: [(String, [Int64])] = {
        var sequences: [(String, [Int64])] = []
        for count in [0, 1, 2, 127, 128, 129, 1000] {
            sequences.append(("increasing \(count)", (0..<count).map { Int64($0) + 1 }))
        }
        sequences.append(("constant", Array(repeating: -42, count: 300)))
        sequences.append(("decreasing", (0..<500).map { 1_000 - Int64($0) * 7 }))
        sequences.append(("mixed small", scrambled(1000, seed: 1, bits: 9)))
        sequences.append(("mixed wide", scrambled(777, seed: 2, bits: 64)))
        let edges: [Int64] = [.max, .min, .max - 1, .min + 1, 0, .max, .min, -1, 1, .min, .max]
        sequences.append(("wrapping deltas", (0..<300).map { edges[$0 % edges.count] }))
        sequences.append(("one big jump", (0..<200).map { $0 == 150 ? Int64.min : Int64($0) }))
        return sequences
    }()

    // MARK: The encoding itself

    /// The two examples of the Parquet spec (Encodings.md), byte for byte.
    @Test func encodesTheSpecExamples() {
        #expect(encode([1, 2, 3, 4, 5] as [Int64]) == [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0])
        let packed: [UInt8] = [0xC0, 0x3F, 0, 0, 0, 0, 0, 0]
        #expect(encode([7, 5, 3, 1, 2, 3, 4, 5] as [Int64]) == [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0] + packed)
        // INT32 deltas wrap in 32 bits, so an INT32 page never needs more than 32 bits a value.
        // Header 2+1+1 bytes, first value and min delta (both Int32.min) 5 bytes each, then the widths.
        let int32 = encode([Int32.min, Int32.max, Int32.min, 0])
        #expect(int32.count == 14 + 4 + 32 * 32 / 8)
        #expect(int32.count > 14 && int32[14] == 32)
    }

    @Test(arguments: int64Sequences.map(\.0))
    func int64SequencesDecodeToThemselves(_ name: String) throws {
        let values = try #require(Self.int64Sequences.first { $0.0 == name }?.1)
        let bytes = encode(values)
        let decoded = try bytes.withUnsafeBytes { try DeltaBinaryPacked.decode($0, from: 0, count: values.count) }
        #expect(decoded.map { Int64(bitPattern: $0) } == values)
        // A counter packs into a handful of bytes per block.
        if name.hasPrefix("increasing") { #expect(bytes.count <= 16 + (values.count / 128 + 1) * 5) }
    }

    @Test func int32EdgeValuesDecodeToThemselves() throws {
        let edges: [Int32] = [.max, .min, .max - 1, .min + 1, 0, -1, 1, .min, .max]
        let values = (0..<333).map { $0 % 3 == 0 ? edges[$0 % edges.count] : Int32($0) * 1_000 - 99 }
        let decoded = try encode(values).withUnsafeBytes { try DeltaBinaryPacked.decode($0, from: 0, count: values.count) }
        #expect(decoded.map { Int32(truncatingIfNeeded: $0) } == values)
    }

    @Test func damagedEncodingsThrowCorrupt() {
        let values: [Int64] = (0..<300).map { (i: Int) -> Int64 in
            let base = Int64(i) * 3 - 17
            return i % 5 == 4 ? base + 1000 : base
        }
        let good = encode(values)
        func decode(_ bytes: [UInt8], count: Int = 300) throws -> [UInt64] {
            try bytes.withUnsafeBytes { try DeltaBinaryPacked.decode($0, from: 0, count: count) }
        }
        #expect(throws: Never.self) { try decode(good) }
        func expectCorrupt(_ bytes: [UInt8], count: Int = 300, _ why: Comment) {
            #expect(why) {
                _ = try decode(bytes, count: count)
            } throws: { ($0 as? ParquetError)?.kind == "corrupt" }
        }
        // Header: 0x80 0x01 (128), 0x04, 0xAC 0x02 (300), first value; then min delta, 4 widths.
        var badBlock = good
        badBlock[0] = 0x81
        expectCorrupt(badBlock, "block size 129")
        var badMiniblocks = good
        badMiniblocks[2] = 0x03
        expectCorrupt(badMiniblocks, "3 miniblocks")
        var noMiniblocks = good
        noMiniblocks[2] = 0x00
        expectCorrupt(noMiniblocks, "0 miniblocks")
        expectCorrupt(good, count: 301, "more values asked for than the header holds")
        var wideBits = good
        let widthsAt = 6 + 2  // first value zigzag(-17) = 33 is one byte; the min delta (-997) takes two
        wideBits[widthsAt] = 65
        expectCorrupt(wideBits, "bit width 65")
        var tooWide = Array(good.prefix(widthsAt + 4 + 200))
        tooWide[widthsAt] = 64
        expectCorrupt(tooWide, "bit width 64 runs past the page")
        // The last miniblock holds 11 deltas of 11 bits (16 bytes) padded to 44: a cut into the
        // padding still decodes, one into the values does not.
        for cut in [0, 1, 3, 5, 9, good.count / 2, good.count - 30] {
            expectCorrupt(Array(good.prefix(cut)), "cut to \(cut) bytes")
        }
        #expect(throws: Never.self) { try decode(Array(good.prefix(good.count - 20))) }
        expectCorrupt([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "varint past 64 bits")
    }

    // MARK: Through the writer and reader

    static func deltaSchema(nullable: Bool) -> ParquetSchema {
        ParquetSchema([
            ParquetColumn(name: "i64", type: .int64, nullable: nullable, encoding: .deltaBinaryPacked),
            ParquetColumn(name: "i32", type: .int32, nullable: nullable, encoding: .deltaBinaryPacked),
            ParquetColumn(name: "d", type: .date, nullable: nullable, encoding: .deltaBinaryPacked),
            ParquetColumn(name: "ts", type: .timestampMicros, nullable: nullable, encoding: .deltaBinaryPacked),
        ])
    }

    /// Rows `0..<count` of `deltaSchema`: the named int64 sequence and values derived from it,
    /// with every `nullEvery`-th slot null (nullable schemas).
    static func batch(_ values: [Int64], nullEvery: Int?) -> ColumnBatch {
        func slot<T>(_ i: Int, _ v: T) -> T? { nullEvery.map { i % $0 == 0 } == true ? nil : v }
        return ColumnBatch([
            .int64s(values.indices.map { slot($0, values[$0]) }),
            .int32s(values.indices.map { slot($0, Int32(truncatingIfNeeded: values[$0])) }),
            .dates(values.indices.map { slot($0, Int32(truncatingIfNeeded: values[$0] % 100_000)) }),
            .timestampsMicros(values.indices.map { slot($0, 1_700_000_000_000_000 + values[$0] / 1024) }),
        ])
    }

    static func write(_ batches: [ColumnBatch], schema: ParquetSchema, to path: String,
                      options: ParquetWriterOptions = ParquetWriterOptions()) throws -> ParquetWriteSummary {
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        return try writer.close()
    }

    /// Every row group's batch, concatenated per column as JSON-ish strings.
    static func readAll(_ path: String) throws -> [[String]] {
        let reader = try ParquetFileReader(path: path)
        var columns: [[String]] = []
        for g in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(g)
            if columns.isEmpty { columns = Array(repeating: [], count: batch.columns.count) }
            for (c, column) in batch.columns.enumerated() {
                columns[c] += (0..<batch.rowCount).map { text(column, $0) }
            }
        }
        return columns
    }

    static func expected(_ batch: ColumnBatch) -> [[String]] {
        batch.columns.map { column in (0..<batch.rowCount).map { text(column, $0) } }
    }

    @Test(arguments: [false, true])
    func everySequenceRoundTripsThroughTheFile(nullable: Bool) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-delta")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, values) in Self.int64Sequences where !values.isEmpty {
            let path = dir.appendingPathComponent("seq.parquet").path
            let batch = Self.batch(values, nullEvery: nullable ? 3 : nil)
            _ = try Self.write([batch], schema: Self.deltaSchema(nullable: nullable), to: path)
            #expect(try Self.readAll(path) == Self.expected(batch), "\(name)")
            let chunk = try #require(try ParquetFileReader(path: path).footer().rowGroups.first?.columns.first)
            #expect(chunk.encodingNames.contains("DELTA_BINARY_PACKED"), "\(name)")
            #expect(!chunk.encodingNames.contains("PLAIN") && chunk.dictionaryPageOffset == nil, "\(name)")
            let present = values.indices.filter { !nullable || $0 % 3 != 0 }.map { values[$0] }
            let stats = try #require(chunk.statistics)
            #expect(stats.nullCount == Int64(values.count - present.count), "\(name)")
            if let lo = present.min(), let hi = present.max() {
                #expect(stats.minValue == lo.plainBytes() && stats.maxValue == hi.plainBytes(), "\(name)")
            }
        }
    }

    @Test func allNullPagesPagesAndRowGroupsRoundTrip() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-delta-pages")
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ParquetWriterOptions()
        options.dataPageSize = 512
        options.rowGroupSize = 16 * 1024
        for version in [ParquetDataPageVersion.v1, .v2] {
            options.dataPageVersion = version
            let path = dir.appendingPathComponent("pages.parquet").path
            let values = Self.scrambled(6000, seed: 9, bits: 20).enumerated().map { Int64($0.offset) * 1_000 + $0.element }
            let batches = [Self.batch(Array(values[0..<2500]), nullEvery: 4), Self.batch(Array(values[2500...]), nullEvery: 7),
                           Self.batch(Array(values[0..<300]), nullEvery: 1)]
            let summary = try Self.write(batches, schema: Self.deltaSchema(nullable: true), to: path, options: options)
            #expect(summary.rowGroups > 1)
            let chunk = try #require(try ParquetFileReader(path: path).footer().rowGroups.first?.columns.first)
            #expect(chunk.encodingStats.reduce(0) { $0 + $1.count } > 2)
            let expected = batches.map(Self.expected).reduce(into: [[String]](repeating: [], count: 4)) { all, columns in
                for c in columns.indices { all[c] += columns[c] }
            }
            #expect(try Self.readAll(path) == expected, "\(version)")
        }
    }

    @Test func otherTypesRefuseTheEncoding() {
        for type in [ParquetType.boolean, .double, .string, .list(.int64)] {
            let schema = ParquetSchema([ParquetColumn(name: "c", type: type, nullable: true, encoding: .deltaBinaryPacked)])
            #expect("\(type.name)") {
                _ = try ParquetWriter(sink: try FileOutputSink(path: "/dev/null"), schema: schema)
            } throws: { ($0 as? ParquetError)?.kind == "invalidSchema" && "\($0)".contains("DELTA_BINARY_PACKED") }
        }
    }

    /// A delta page whose miniblock widths are damaged in the file fails with `corrupt`.
    @Test func damagedPageInAFileThrowsCorrupt() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-delta-damage")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("damaged.parquet").path
        var options = ParquetWriterOptions()
        options.compression = .uncompressed
        let schema = ParquetSchema([ParquetColumn(name: "n", type: .int64, nullable: false, encoding: .deltaBinaryPacked)])
        _ = try Self.write([ColumnBatch([.int64s((0..<1000).map { Int64($0) * 3 })])], schema: schema, to: path, options: options)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Header 128, 4 miniblocks, 1000 values (0xE8 0x07), first value 0, min delta 3 (zigzag 6).
        let header: [UInt8] = [0x80, 0x01, 0x04, 0xE8, 0x07, 0x00, 0x06]
        let at = try #require((0...(bytes.count - header.count)).first { Array(bytes[$0..<$0 + header.count]) == header })
        #expect(try Self.readAll(path) == [(0..<1000).map { "\($0 * 3)" }])
        for width: UInt8 in [65, 64, 200] {
            var damaged = bytes
            damaged[at + header.count] = width
            try Data(damaged).write(to: URL(fileURLWithPath: path))
            #expect("width \(width)") { _ = try Self.readAll(path) } throws: { ($0 as? ParquetError)?.kind == "corrupt" }
        }
    }

    // MARK: Other tools

    static let pyarrowAndDuckDBRead = """
    import json, sys, datetime, duckdb
    import pyarrow as pa, pyarrow.parquet as pq
    f = pq.ParquetFile(sys.argv[1])
    t = f.read()
    utc = datetime.timezone.utc
    def plain(v):
        if v is None: return None
        if isinstance(v, datetime.datetime):
            return str(int((v - datetime.datetime(1970, 1, 1, tzinfo=utc)) / datetime.timedelta(microseconds=1)))
        if isinstance(v, datetime.date): return str((v - datetime.date(1970, 1, 1)).days)
        return str(v)
    def ints(col):
        # Timestamps as microseconds and dates as days, whatever their range.
        if pa.types.is_timestamp(col.type): return col.cast(pa.int64())
        if pa.types.is_date32(col.type): return col.cast(pa.int32())
        return col
    arrow = {n: [plain(v) for v in ints(t.column(n)).to_pylist()] for n in t.column_names}
    md = f.metadata
    encodings = sorted({e for g in range(md.num_row_groups) for c in range(md.num_columns)
                        for e in md.row_group(g).column(c).encodings})
    con = duckdb.connect()
    rows = con.execute(f"SELECT i64::VARCHAR, i32::VARCHAR, (d - DATE '1970-01-01')::VARCHAR, epoch_us(ts)::VARCHAR FROM read_parquet('{sys.argv[1]}')").fetchall()
    dd = {n: [r[k] for r in rows] for k, n in enumerate(["i64", "i32", "d", "ts"])}
    print(json.dumps({"pyarrow": arrow, "duckdb": dd, "encodings": encodings, "row_groups": md.num_row_groups}))
    """

    @Test func pyarrowAndDuckDBReadOurFiles() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-delta-interop")
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ParquetWriterOptions()
        options.dataPageSize = 1024
        options.rowGroupSize = 32 * 1024
        for (name, values) in Self.int64Sequences where !values.isEmpty {
            for nullable in [false, true] {
                let path = dir.appendingPathComponent("interop.parquet").path
                let batch = Self.batch(values, nullEvery: nullable ? 5 : nil)
                _ = try Self.write([batch], schema: Self.deltaSchema(nullable: nullable), to: path, options: options)
                let result = try runPython(Self.pyarrowAndDuckDBRead, [path])
                #expect(result.status == 0, "\(name): \(result.stderr.suffix(1500))")
                let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
                #expect((json["encodings"] as? [String] ?? []).contains("DELTA_BINARY_PACKED"), "\(name)")
                let expected = Self.expected(batch)
                for reader in ["pyarrow", "duckdb"] {
                    let columns = json[reader] as? [String: [Any]] ?? [:]
                    for (c, column) in ["i64", "i32", "d", "ts"].enumerated() {
                        let got = (columns[column] ?? []).map { $0 is NSNull ? "null" : "\($0)" }
                        #expect(got == expected[c], "\(reader) \(name) nullable \(nullable) column \(column)")
                    }
                }
            }
        }
    }

    @Test func sparkReadsOurFileWithBothReaders() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-delta-spark")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("default.parquet").path
        var schema = SampleData.schema
        for i in schema.columns.indices where ["id", "small", "day", "at"].contains(schema.columns[i].name) {
            schema.columns[i].encoding = .deltaBinaryPacked
        }
        var options = ParquetWriterOptions()
        options.dataPageSize = 2 * 1024
        options.rowGroupSize = 32 * 1024
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        try writer.write(SampleData.batch(rows: 0..<1500))
        try writer.write(SampleData.batch(rows: 1500..<3000))
        let summary = try writer.close()
        #expect(summary.rowGroups > 1)
        let result = try runPython(SparkInteropTests.sparkRead, [path])
        #expect(result.status == 0, "spark failed: \(result.stderr.suffix(2000))")
        let reports = result.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(reports.count == 2)
        for report in reports {
            let rows = report["rows"] as? [[String: Any]] ?? []
            #expect(WriterInteropTests.rowsEqual(rows, 0..<3000), "vectorized \(report["vectorized"] ?? "?")")
        }
    }

    static let pyarrowWrite = """
    import json, sys
    import pyarrow as pa, pyarrow.parquet as pq
    n = 5000
    i64 = [None if i % 7 == 0 else (i * 1_000_003 - 10**9 if i % 11 else -2**63 + i) for i in range(n)]
    i32 = [None if i % 4 == 1 else (i * 37 - 90_000 if i % 13 else 2**31 - 1 - i) for i in range(n)]
    t = pa.table({"a": pa.array(i64, pa.int64()), "b": pa.array(i32, pa.int32()),
                  "c": pa.array(range(n), pa.int64())})
    pq.write_table(t, sys.argv[1], compression=sys.argv[2], use_dictionary=False, data_page_size=2048,
                   row_group_size=2000, data_page_version=sys.argv[3],
                   column_encoding={"a": "DELTA_BINARY_PACKED", "b": "DELTA_BINARY_PACKED", "c": "DELTA_BINARY_PACKED"})
    md = pq.ParquetFile(sys.argv[1]).metadata
    print(json.dumps({"a": [None if v is None else str(v) for v in i64], "b": [None if v is None else str(v) for v in i32],
                      "encodings": sorted(set(md.row_group(0).column(0).encodings))}))
    """

    @Test(arguments: [("zstd", "1.0"), ("none", "2.0")])
    func ourReaderReadsPyarrowDeltaFiles(_ compression: String, _ pageVersion: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-delta-pyarrow")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pa.parquet").path
        let result = try runPython(Self.pyarrowWrite, [path, compression, pageVersion])
        #expect(result.status == 0, "pyarrow failed: \(result.stderr.suffix(1500))")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        #expect((json["encodings"] as? [String] ?? []).contains("DELTA_BINARY_PACKED"))
        #expect(!(json["encodings"] as? [String] ?? []).contains("RLE_DICTIONARY"))
        let columns = try Self.readAll(path)
        for (c, name) in ["a", "b"].enumerated() {
            let expected = (json[name] as? [Any] ?? []).map { $0 is NSNull ? "null" : "\($0)" }
            #expect(expected.count == 5000)
            #expect(columns[c] == expected, "column \(name)")
        }
        #expect(columns[2] == (0..<5000).map { "\($0)" })
    }

    // MARK: Helpers

    /// A value as the Python scripts print it: integers (dates as days), or "null".
    static func text(_ values: ColumnValues, _ r: Int) -> String {
        switch values {
        case .int64s(let v), .timestampsMicros(let v): return v[r].map { "\($0)" } ?? "null"
        case .int32s(let v), .dates(let v): return v[r].map { "\($0)" } ?? "null"
        default: return SampleData.jsonValue(values, r)
        }
    }

    func encode<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        var out: [UInt8] = []
        values.map(\.littleEndian).withUnsafeBytes {
            DeltaBinaryPacked.encode(littleEndian: $0, width: MemoryLayout<T>.size, into: &out)
        }
        return out
    }
}
