import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Our reader reads files written by pyarrow (zstd; dictionary on/off; data page v1/v2) and
/// by DuckDB, with the values those tools report.
@Suite struct ReaderInteropTests {
    /// Writes the file with pyarrow and prints the expected values column by column.
    static let pyarrowWrite = """
    import json, sys, datetime
    import pyarrow as pa, pyarrow.parquet as pq
    n = 3000
    words = ["", "alpha", "Bücher", "日本語", "zeta", "a,b\\"c"]
    utc = datetime.timezone.utc
    cols = {
        "i64": pa.array([None if i % 7 == 0 else i * 1_000_003 - 10**9 for i in range(n)], pa.int64()),
        "i32": pa.array([i % 100 - 50 for i in range(n)], pa.int32()),
        "f64": pa.array([None if i % 5 == 0 else i / 8 - 3 for i in range(n)], pa.float64()),
        "flag": pa.array([None if i % 3 == 0 else i % 2 == 0 for i in range(n)], pa.bool_()),
        "s": pa.array([None if i % 4 == 0 else words[i % len(words)] + str(i % 50) for i in range(n)], pa.string()),
        "d": pa.array([None if i % 6 == 0 else datetime.date(1970, 1, 1) + datetime.timedelta(days=i * 3 - 4000) for i in range(n)], pa.date32()),
        "ts": pa.array([None if i % 8 == 0 else datetime.datetime(2020, 1, 1, tzinfo=utc) + datetime.timedelta(microseconds=i * 123456789) for i in range(n)], pa.timestamp("us", tz="UTC")),
    }
    table = pa.table(cols)
    schema = table.schema.set(1, pa.field("i32", pa.int32(), nullable=False))
    table = table.cast(schema)
    pq.write_table(table, sys.argv[1], compression="zstd", use_dictionary=sys.argv[2] == "dict",
                   data_page_version=sys.argv[3], data_page_size=4096, row_group_size=1000)
    out = {}
    for name in table.column_names:
        vals = []
        for v in table.column(name).to_pylist():
            if isinstance(v, datetime.datetime):
                v = int((v - datetime.datetime(1970, 1, 1, tzinfo=utc)) / datetime.timedelta(microseconds=1))
            elif isinstance(v, datetime.date):
                v = v.isoformat()
            vals.append(v)
        out[name] = vals
    print(json.dumps(out))
    """

    static let duckdbWrite = """
    import json, sys, duckdb
    con = duckdb.connect()
    con.execute('''CREATE TABLE t AS SELECT
        CASE WHEN i % 7 = 0 THEN NULL ELSE i * 1000003 - 1000000000 END::BIGINT AS i64,
        (i % 100 - 50)::INTEGER AS i32,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i / 8 - 3 END::DOUBLE AS f64,
        CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
        CASE WHEN i % 4 = 0 THEN NULL ELSE 'v' || (i % 37)::VARCHAR || 'é' END AS s,
        CASE WHEN i % 6 = 0 THEN NULL ELSE DATE '1970-01-01' + (i * 3 - 4000)::INTEGER END AS d,
        CASE WHEN i % 8 = 0 THEN NULL ELSE TIMESTAMP '2020-01-01' + to_microseconds(i * 123456789) END AS ts
        FROM range(5000) r(i)''')
    con.execute(f"COPY t TO '{sys.argv[1]}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)")
    rows = con.execute("SELECT i64, i32, f64, flag, s, d::VARCHAR, epoch_us(ts) FROM t").fetchall()
    names = ["i64", "i32", "f64", "flag", "s", "d", "ts"]
    print(json.dumps({n: [r[k] for r in rows] for k, n in enumerate(names)}))
    """

    /// Reads `path` with our reader and compares every column with `expected`.
    static func compare(_ path: String, _ expected: [String: [Any]], types: [String: ParquetType]) throws {
        let reader = try ParquetFileReader(path: path)
        var seen = 0
        for (name, type) in types {
            #expect(reader.schema.columns.first { $0.name == name }?.type == type, "column \(name)")
        }
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
        #expect(seen == expected["i32"]?.count)
    }

    static let types: [String: ParquetType] = ["i64": .int64, "i32": .int32, "f64": .double, "flag": .boolean,
                                                "s": .string, "d": .date, "ts": .timestampMicros]

    @Test(arguments: [("dict", "1.0"), ("dict", "2.0"), ("plain", "1.0"), ("plain", "2.0")])
    func readsPyarrowFiles(_ dictionary: String, _ pageVersion: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-pyarrow")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pa.parquet").path
        let result = try runPython(Self.pyarrowWrite, [path, dictionary, pageVersion])
        #expect(result.status == 0, "pyarrow failed: \(result.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]] ?? [:]
        try Self.compare(path, expected, types: Self.types)
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroupCount == 3)
        #expect(reader.schema.columns.first { $0.name == "i32" }?.nullable == false)
        let encodings = Set(try reader.footer().rowGroups[0].columns.flatMap(\.encodingNames))
        #expect(encodings.contains("RLE_DICTIONARY") == (dictionary == "dict"))
    }

    @Test func readsDuckDBFiles() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-duckdb-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("duck.parquet").path
        let result = try runPython(Self.duckdbWrite, [path])
        #expect(result.status == 0, "duckdb failed: \(result.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [Any]] ?? [:]
        try Self.compare(path, expected, types: Self.types)
        #expect(try ParquetFileReader(path: path).rowCount == 5000)
    }
}
