import Foundation
import Testing
import TestSupport
@testable import Parquet

/// LIST columns (lists of scalars): our reader returns what our writer wrote, pyarrow and
/// DuckDB read our files with the same values and list types, and we read theirs.
@Suite struct ListColumnTests {
    static let elementTypes: [ParquetType] = [.string, .int64, .int32, .double, .boolean, .date, .timestampMicros]

    /// Row shapes: nil is a null list, otherwise the element count (some far longer than a page).
    static func length(_ row: Int) -> Int? {
        if row % 11 == 3 { return nil }
        if row % 7 == 2 { return 0 }
        if row % 997 == 5 { return 2500 }
        return row % 6 + 1
    }

    static func isNullElement(_ row: Int, _ k: Int) -> Bool { (row * 31 + k) % 9 == 4 }

    /// A list column of `type` for `rows`; `unique` makes string elements distinct (dictionary
    /// fallback), `required` turns null lists into empty ones.
    static func column(_ type: ParquetType, rows: Range<Int>, unique: Bool = false, required: Bool = false) -> ListColumnValues {
        var builder = ListColumnBuilder(elementType: type, reservingRows: rows.count)
        for row in rows {
            guard let count = length(row) ?? (required ? 0 : nil) else {
                builder.appendNull()
                continue
            }
            builder.startRow()
            for k in 0..<count {
                let null = isNullElement(row, k)
                let x = row * 7 + k
                switch type {
                case .string:
                    let value: String? = null ? nil : (unique ? "u\(x)" : "s\(x % 50)-é")
                    builder.appendElement(value)
                case .int64:
                    let value: Int64? = null ? nil : Int64(x) * 1_000_003 - 1_000_000_000
                    builder.appendElement(value)
                case .timestampMicros:
                    let value: Int64? = null ? nil : 1_577_836_800_000_000 + Int64(x) * 123_456_789
                    builder.appendElement(value)
                case .int32:
                    let value: Int32? = null ? nil : Int32(x % 1000) - 500
                    builder.appendElement(value)
                case .date:
                    let value: Int32? = null ? nil : Int32(x % 20000) - 4000
                    builder.appendElement(value)
                case .double:
                    let value: Double? = null ? nil : Double(x % 4000) / 8 - 3
                    builder.appendElement(value)
                case .boolean:
                    let value: Bool? = null ? nil : x % 3 == 0
                    builder.appendElement(value)
                case .list:
                    preconditionFailure("lists of lists")
                }
            }
        }
        return builder.build()
    }

    static func columnName(_ type: ParquetType) -> String {
        switch type {
        case .timestampMicros: return "l_timestamp"
        default: return "l_\(type.name)"
        }
    }

    /// id, one nullable list column per element type, a list of unique strings and a REQUIRED list.
    static var schema: ParquetSchema {
        var columns = [ParquetColumn(name: "id", type: .int64, nullable: false)]
        columns += elementTypes.map { ParquetColumn(name: columnName($0), type: .list($0), nullable: true) }
        columns.append(ParquetColumn(name: "l_unique", type: .list(.string), nullable: true))
        columns.append(ParquetColumn(name: "l_required", type: .list(.int64), nullable: false))
        return ParquetSchema(columns)
    }

    static func batch(rows: Range<Int>) -> ColumnBatch {
        var values: [ColumnValues] = [.int64s(rows.map { Int64($0) })]
        values += elementTypes.map { .lists(column($0, rows: rows)) }
        values.append(.lists(column(.string, rows: rows, unique: true)))
        values.append(.lists(column(.int64, rows: rows, required: true)))
        return ColumnBatch(values)
    }

    static func write(_ path: String, rows: Int, options: ParquetWriterOptions, batchRows: Int = 7000) throws -> ParquetWriteSummary {
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        var start = 0
        while start < rows {
            let end = min(start + batchRows, rows)
            try writer.write(batch(rows: start..<end))
            start = end
        }
        return try writer.close()
    }

    /// Every row of every row group, described per column (lists as "[a, b]", nulls as "nil").
    static func readRows(_ path: String, columns: [String]? = nil) throws -> [[String]] {
        let reader = try ParquetFileReader(path: path)
        var rows: [[String]] = []
        for g in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(g, columns: columns)
            for r in 0..<batch.rowCount { rows.append(batch.columns.map { SampleData.jsonValue($0, r) }) }
        }
        return rows
    }

    static func expectedRows(_ rows: Range<Int>) -> [[String]] {
        let batch = batch(rows: rows)
        return (0..<rows.count).map { r in batch.columns.map { SampleData.jsonValue($0, r) } }
    }

    static func configurations() -> [(String, ParquetWriterOptions)] {
        var tiny = ParquetWriterOptions()
        tiny.dataPageSize = 512
        tiny.rowGroupSize = 64 * 1024
        tiny.dictionaryPageSizeLimit = 300
        var v2 = tiny
        v2.dataPageVersion = .v2
        var plain = tiny
        plain.dictionaryEnabled = false
        plain.compression = .uncompressed
        var v2Plain = v2
        v2Plain.dictionaryEnabled = false
        var threads = tiny
        threads.encodingThreads = 3
        return [("default", ParquetWriterOptions()), ("tiny", tiny), ("v2", v2), ("plain", plain), ("v2-plain", v2Plain),
                ("threads", threads)]
    }

    @Test(arguments: configurations())
    func roundTripsNullEmptyAndNullElementsOfEveryType(_ name: String, _ options: ParquetWriterOptions) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-rt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(name).parquet").path
        let summary = try Self.write(path, rows: 20_000, options: options)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.schema == Self.schema)
        #expect(reader.rowCount == 20_000)
        let rows = try Self.readRows(path)
        let expected = Self.expectedRows(0..<20_000)
        #expect(rows.count == expected.count)
        if let first = rows.indices.first(where: { $0 < expected.count && rows[$0] != expected[$0] }) {
            Issue.record("row \(first): got \(rows[first]), expected \(expected[first])")
        }
        let chunk = try reader.footer().rowGroups[0].columns[1]
        #expect(chunk.pathInSchema == ["l_string", "list", "element"])
        if name != "default" {
            #expect(summary.rowGroups > 2)
            #expect(try reader.footer().rowGroups[0].columns[1].encodingStats.reduce(0) { $0 + $1.count } > 3)
        }
        // The unique strings fall back from the dictionary to PLAIN within the chunk.
        if name == "default" {
            let unique = try reader.footer().rowGroups[0].columns[8].encodingNames
            #expect(unique.contains("PLAIN") && unique.contains("RLE_DICTIONARY"), "\(unique)")
        }
    }

    /// Every data page starts a row (repetition level 0), page `num_values` counts level
    /// entries and v2 `num_rows` counts rows.
    @Test(arguments: ["v1", "v2"])
    func pagesStartAtRowBoundaries(_ version: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-pages")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pages.parquet").path
        var options = ParquetWriterOptions()
        options.compression = .uncompressed
        options.dataPageSize = 256
        options.dataPageVersion = version == "v2" ? .v2 : .v1
        _ = try Self.write(path, rows: 3000, options: options)
        let reader = try ParquetFileReader(path: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        var checkedPages = 0
        for group in try reader.footer().rowGroups {
            for chunk in group.columns.dropFirst() {
                var position = Int(chunk.startOffset)
                let end = position + Int(chunk.totalCompressedSize)
                var values: Int64 = 0
                var rows = 0
                while position < end {
                    let (header, bodyStart) = try PageHeader.read(Array(bytes[position..<min(end, position + 256)]), start: 0)
                    let body = position + bodyStart
                    position = body + Int(header.compressedPageSize)
                    guard header.type != PageType.dictionaryPage.rawValue else { continue }
                    values += Int64(header.numValues)
                    rows += Int(header.numRows)
                    // v1: 4-byte length, then the repetition levels; v2: repetition levels first.
                    let levelStart = header.type == PageType.dataPage.rawValue ? body + 4 : body
                    var levels: [UInt32] = []
                    try Array(bytes[levelStart..<position]).withUnsafeBytes {
                        _ = try RLEHybridDecoder.decode($0, start: 0, end: $0.count, bitWidth: 1, count: 1, into: &levels)
                    }
                    #expect(levels == [0], "a page of \(chunk.pathInSchema) starts mid-row")
                    checkedPages += 1
                }
                #expect(values == chunk.numValues)
                #expect(values > group.numRows)
                if version == "v2" { #expect(rows == Int(group.numRows)) }
            }
        }
        #expect(checkedPages > 100)
    }

    /// Rows (dates as ISO strings, timestamps as microseconds, inside lists too), types,
    /// nullability and the first row group's statistics per leaf path.
    static let pyarrowDump = """
    import json, sys, datetime
    import pyarrow.parquet as pq
    utc = datetime.timezone.utc
    def plain(v):
        if isinstance(v, list): return [plain(x) for x in v]
        if isinstance(v, datetime.datetime):
            return int((v - datetime.datetime(1970, 1, 1, tzinfo=utc)) / datetime.timedelta(microseconds=1))
        if isinstance(v, datetime.date): return v.isoformat()
        return v
    f = pq.ParquetFile(sys.argv[1])
    t = f.read()
    md = f.metadata
    stats = {}
    for i in range(md.num_columns):
        c = md.row_group(0).column(i)
        s = c.statistics
        stats[c.path_in_schema] = {"null_count": s.null_count, "min": str(s.min) if s.has_min_max else None,
                                   "max": str(s.max) if s.has_min_max else None}
    print(json.dumps({"rows": [{k: plain(v) for k, v in r.items()} for r in t.to_pylist()],
                      "types": {f.name: str(f.type) for f in t.schema}, "nullable": {f.name: f.nullable for f in t.schema},
                      "stats": stats}))
    """

    /// pyarrow reads our lists with `list<element: …>` types and the same values; the leaf's
    /// null_count counts null elements, null lists and empty lists, as pyarrow's own does.
    @Test(arguments: ["v1", "v2"])
    func pyarrowReadsOurLists(_ version: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-pa")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ours.parquet").path
        var options = ParquetWriterOptions()
        options.dataPageSize = 4096
        options.dataPageVersion = version == "v2" ? .v2 : .v1
        _ = try Self.write(path, rows: 5000, options: options)
        let result = try runPython(Self.pyarrowDump, [path])
        #expect(result.status == 0, "pyarrow failed: \(result.stderr)")
        let dump = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let types = dump["types"] as? [String: String] ?? [:]
        let wanted = ["l_string": "list<element: string>", "l_int64": "list<element: int64>", "l_int32": "list<element: int32>",
                      "l_double": "list<element: double>", "l_boolean": "list<element: bool>", "l_date": "list<element: date32[day]>",
                      "l_timestamp": "list<element: timestamp[us, tz=UTC]>", "l_required": "list<element: int64>"]
        for (name, type) in wanted { #expect(types[name] == type, "\(name): \(types[name] ?? "missing")") }
        #expect((dump["nullable"] as? [String: Bool])?["l_required"] == false)
        let rows = dump["rows"] as? [[String: Any]] ?? []
        #expect(rows.count == 5000)
        let expected = Self.batch(rows: 0..<5000)
        outer: for (r, row) in rows.enumerated() {
            for (column, values) in zip(Self.schema.columns, expected.columns) where !SampleData.matches(row[column.name] ?? NSNull(), values, r) {
                Issue.record("row \(r) column \(column.name): got \(row[column.name] ?? "missing"), expected \(SampleData.jsonValue(values, r))")
                break outer
            }
        }
        let stats = dump["stats"] as? [String: [String: Any]] ?? [:]
        let reader = try ParquetFileReader(path: path)
        let firstGroupRows = Int(try reader.footer().rowGroups[0].numRows)
        let ints = Self.column(.int64, rows: 0..<firstGroupRows)
        var nullSlots = 0
        var present: [Int64] = []
        for row in 0..<firstGroupRows {
            guard let items = ints.int64s(at: row), !items.isEmpty else { nullSlots += 1; continue }
            for item in items { if let item { present.append(item) } else { nullSlots += 1 } }
        }
        let leaf = stats["l_int64.list.element"] ?? [:]
        #expect(leaf["null_count"] as? Int == nullSlots)
        #expect(leaf["min"] as? String == present.min().map { "\($0)" })
        #expect(leaf["max"] as? String == present.max().map { "\($0)" })
    }

    /// DuckDB sees `VARCHAR[]`, `BIGINT[]`, … and the same values.
    @Test func duckdbReadsOurLists() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-duck")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ours.parquet").path
        var options = ParquetWriterOptions()
        options.dataPageVersion = .v2
        options.dataPageSize = 2048
        _ = try Self.write(path, rows: 3000, options: options)
        let script = """
        import json, sys, datetime, duckdb
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        names = ["l_string", "l_int64", "l_int32", "l_double", "l_boolean", "l_date", "l_timestamp", "l_required"]
        types = con.execute("SELECT " + ", ".join(f"typeof({n})" for n in names) + f" FROM '{sys.argv[1]}' LIMIT 1").fetchone()
        utc = datetime.timezone.utc
        def plain(v):
            if isinstance(v, list): return [plain(x) for x in v]
            if isinstance(v, datetime.datetime):
                return int((v - datetime.datetime(1970, 1, 1, tzinfo=utc)) / datetime.timedelta(microseconds=1))
            if isinstance(v, datetime.date): return v.isoformat()
            return v
        rows = con.execute("SELECT " + ", ".join(names) + f" FROM '{sys.argv[1]}' ORDER BY id").fetchall()
        print(json.dumps({"types": dict(zip(names, types)), "columns": {n: [plain(r[k]) for r in rows] for k, n in enumerate(names)}}))
        """
        let result = try runPython(script, [path])
        #expect(result.status == 0, "duckdb failed: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        let types = json["types"] as? [String: String] ?? [:]
        let wanted = ["l_string": "VARCHAR[]", "l_int64": "BIGINT[]", "l_int32": "INTEGER[]", "l_double": "DOUBLE[]",
                      "l_boolean": "BOOLEAN[]", "l_date": "DATE[]", "l_timestamp": "TIMESTAMP WITH TIME ZONE[]",
                      "l_required": "BIGINT[]"]
        for (name, type) in wanted { #expect(types[name] == type, "\(name): \(types[name] ?? "missing")") }
        let columns = json["columns"] as? [String: [Any]] ?? [:]
        let expected = Self.batch(rows: 0..<3000)
        for (index, column) in Self.schema.columns.enumerated() where wanted[column.name] != nil {
            let got = columns[column.name] ?? []
            #expect(got.count == 3000, "\(column.name)")
            for r in got.indices where !SampleData.matches(got[r], expected.columns[index], r) {
                Issue.record("row \(r) column \(column.name): got \(got[r]), expected \(SampleData.jsonValue(expected.columns[index], r))")
                break
            }
        }
    }

    static let pyarrowWrite = """
    import json, sys, datetime
    import pyarrow as pa, pyarrow.parquet as pq
    n = 4000
    def shape(i):
        if i % 13 == 1: return None
        if i % 9 == 4: return 0
        if i % 811 == 7: return 3000
        return i % 5 + 1
    def rows(make):
        out = []
        for i in range(n):
            k = shape(i)
            out.append(None if k is None else [None if (i + j) % 6 == 2 else make(i, j) for j in range(k)])
        return out
    def required_elements(i):
        k = shape(i) or 0
        return [i * 10 + j for j in range(k)]
    cols = {
        "s": pa.array(rows(lambda i, j: ["", "alpha", "Bücher", "日本語"][(i + j) % 4] + str((i * j) % 40)), pa.list_(pa.string())),
        "i": pa.array(rows(lambda i, j: i * 1_000_003 + j - 10**9), pa.list_(pa.int64())),
        "f": pa.array(rows(lambda i, j: (i + j) / 4 - 7), pa.list_(pa.float64())),
        "b": pa.array(rows(lambda i, j: (i + j) % 3 == 0), pa.list_(pa.bool_())),
        "r": pa.array([required_elements(i) for i in range(n)], pa.list_(pa.field("element", pa.int64(), nullable=False))),
        "id": pa.array(range(n), pa.int64()),
    }
    table = pa.table(cols)
    schema = table.schema.set(4, pa.field("r", pa.list_(pa.field("element", pa.int64(), nullable=False)), nullable=False))
    table = table.cast(schema)
    pq.write_table(table, sys.argv[1], compression="zstd", use_dictionary=sys.argv[2] == "dict",
                   data_page_version=sys.argv[3], data_page_size=2048, row_group_size=1500)
    print(json.dumps({name: table.column(name).to_pylist() for name in table.column_names}))
    """

    /// Reads `path` with our reader and compares every column with `expected` (JSON from Python).
    static func compare(_ path: String, _ expected: [String: [Any]], rows: Int) throws {
        let reader = try ParquetFileReader(path: path)
        var seen = 0
        for g in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(g)
            for (column, values) in zip(reader.schema.columns, batch.columns) {
                let want = expected[column.name] ?? []
                for r in 0..<batch.rowCount where !SampleData.matches(want[seen + r], values, r) {
                    Issue.record("\(path) row \(seen + r) column \(column.name): got \(SampleData.jsonValue(values, r)), expected \(want[seen + r])")
                    return
                }
            }
            seen += batch.rowCount
        }
        #expect(seen == rows)
    }

    @Test(arguments: [("dict", "1.0"), ("dict", "2.0"), ("plain", "1.0"), ("plain", "2.0")])
    func readsPyarrowLists(_ dictionary: String, _ pageVersion: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-pa-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pa.parquet").path
        let result = try runPython(Self.pyarrowWrite, [path, dictionary, pageVersion])
        #expect(result.status == 0, "pyarrow failed: \(result.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]] ?? [:]
        let reader = try ParquetFileReader(path: path)
        #expect(reader.schema == ParquetSchema([
            ParquetColumn(name: "s", type: .list(.string), nullable: true),
            ParquetColumn(name: "i", type: .list(.int64), nullable: true),
            ParquetColumn(name: "f", type: .list(.double), nullable: true),
            ParquetColumn(name: "b", type: .list(.boolean), nullable: true),
            ParquetColumn(name: "r", type: .list(.int64), nullable: false),
            ParquetColumn(name: "id", type: .int64, nullable: true),
        ]))
        #expect(reader.rowGroupCount == 3)
        try Self.compare(path, expected, rows: 4000)
        // Projection by the top-level name.
        let projected = try reader.readRowGroup(1, columns: ["id", "i"])
        guard case .lists(let ints) = projected.columns[1], case .int64s(let ids) = projected.columns[0] else {
            Issue.record("projection kinds")
            return
        }
        #expect(ids.first == 1500)
        let want = expected["i"]?[1500] ?? NSNull()
        #expect(SampleData.matches(want, .lists(ints), 0), "\(String(describing: ints.int64s(at: 0)))")
    }

    @Test func readsDuckDBLists() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-duck-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("duck.parquet").path
        let script = """
        import json, sys, duckdb
        con = duckdb.connect()
        con.execute('''CREATE TABLE t AS SELECT i AS id,
            CASE WHEN i % 10 = 3 THEN NULL WHEN i % 10 = 4 THEN []::BIGINT[]
                 ELSE [1, 2, NULL, i]::BIGINT[] || list_transform(range(i % 7), lambda x: x * i)::BIGINT[] END AS x,
            CASE WHEN i % 8 = 1 THEN NULL WHEN i % 8 = 2 THEN []::VARCHAR[]
                 ELSE ['a' || (i % 17)::VARCHAR, NULL, 'é' || i::VARCHAR] END AS s,
            CASE WHEN i % 6 = 5 THEN NULL ELSE [i / 4, NULL]::DOUBLE[] END AS d,
            [i % 2 = 0, NULL, true] AS b
            FROM range(6000) r(i)''')
        con.execute(f"COPY (SELECT * FROM t ORDER BY id) TO '{sys.argv[1]}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)")
        rows = con.execute("SELECT id, x, s, d, b FROM t ORDER BY id").fetchall()
        names = ["id", "x", "s", "d", "b"]
        print(json.dumps({n: [r[k] for r in rows] for k, n in enumerate(names)}))
        """
        let result = try runPython(script, [path])
        #expect(result.status == 0, "duckdb failed: \(result.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]] ?? [:]
        let reader = try ParquetFileReader(path: path)
        #expect(reader.schema.columns.map(\.type) == [.int64, .list(.int64), .list(.string), .list(.double), .list(.boolean)])
        try Self.compare(path, expected, rows: 6000)
        // The documented example: [1, 2, NULL] as BIGINT[].
        let first = try reader.readRowGroup(0, columns: ["x"])
        guard case .lists(let x) = first.columns[0] else { Issue.record("x is not a list"); return }
        #expect(x.int64s(at: 0) == [1, 2, nil, 0])
        #expect(x.int64s(at: 3) == nil)
        #expect(x.int64s(at: 4) == [])
    }

    @Test func builderAccessorsAndValidation() throws {
        var builder = ListColumnBuilder(elementType: .string)
        builder.append(["a", nil, "c"])
        builder.appendNull()
        builder.append([] as [String?])
        builder.startRow()
        builder.appendElement("z" as String?)
        let list = builder.build()
        #expect(list.count == 4)
        #expect(list.nullCount == 1)
        #expect(list.strings(at: 0) == ["a", nil, "c"])
        #expect(list.strings(at: 1) == nil)
        #expect(list.strings(at: 2) == [])
        #expect(list.strings(at: 3) == ["z"])
        #expect(list.offsets == [0, 3, 3, 3, 4])
        #expect(ColumnValues.lists(list).parquetType == .list(.string))
        #expect(ValueFormatting.json(.lists(list), row: 0) == #"["a",null,"c"]"#)
        #expect(ValueFormatting.json(.lists(list), row: 1) == "null")

        let made = try ListColumnValues(offsets: [0, 2, 2], isNull: [false, true], elements: .int64s([5, nil]))
        #expect(made.int64s(at: 0) == [5, nil])
        #expect(made.int64s(at: 1) == nil)
        #expect(throws: ParquetError.self) { try ListColumnValues(offsets: [0, 1, 2], isNull: [false, true], elements: .int64s([5, 6])) }
        #expect(throws: ParquetError.self) { try ListColumnValues(offsets: [0, 3], isNull: [false], elements: .int64s([5, 6])) }
        #expect(throws: ParquetError.self) { try ListColumnValues(offsets: [0, 0], isNull: [false], elements: .lists(made)) }
    }

    @Test func writerRejectsListsOfListsAndNullsInRequiredLists() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-invalid")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.parquet").path
        #expect(throws: ParquetError.self) {
            _ = try ParquetWriter(sink: try FileOutputSink(path: path),
                                  schema: ParquetSchema([ParquetColumn(name: "ll", type: .list(.list(.int64)), nullable: true)]))
        }
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path),
                                       schema: ParquetSchema([ParquetColumn(name: "l", type: .list(.int64), nullable: false)]))
        var builder = ListColumnBuilder(elementType: .int64)
        builder.append([1, nil] as [Int64?])
        builder.appendNull()
        #expect(throws: ParquetError.self) { try writer.write(ColumnBatch([.lists(builder.build())])) }
        #expect(throws: ParquetError.self) { try writer.write(ColumnBatch([.lists(ListColumnBuilder(elementType: .string).build())])) }
        _ = try writer.close()
    }

    /// `medallion parquet cat` prints lists as JSON arrays, `schema` shows the LIST group.
    @Test func cliPrintsLists() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-lists-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cli.parquet").path
        _ = try Self.write(path, rows: 20, options: ParquetWriterOptions())
        let cat = try ParquetCLITests.medallion(["cat", path, "--columns", "id,l_int64,l_string"])
        #expect(cat.status == 0, "\(cat.stderr)")
        let rows = try ParquetCLITests.ndjson(cat.stdout)
        #expect(rows.count == 20)
        let expected = Self.batch(rows: 0..<20)
        for (r, row) in rows.enumerated() {
            #expect(SampleData.matches(row["l_int64"] ?? "missing", expected.columns[2], r), "row \(r): \(row)")
            #expect(SampleData.matches(row["l_string"] ?? "missing", expected.columns[1], r), "row \(r): \(row)")
        }
        let schema = try ParquetCLITests.medallion(["schema", path])
        #expect(schema.status == 0, "\(schema.stderr)")
        #expect(schema.stdout.contains("LIST"), "\(schema.stdout)")
    }
}
