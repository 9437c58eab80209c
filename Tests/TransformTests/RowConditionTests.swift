import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Gold `where` conditions select the same rows as DuckDB's WHERE on the same file.
@Suite struct RowConditionTests {
    @Test func typedValuesAndErrors() throws {
        #expect(throws: TransformError.self) {
            _ = try RowCondition(column: 0, name: "d", type: .date(.isoDate), op: .equal, values: ["2024-13-01"])
        }
        #expect(throws: TransformError.self) {
            _ = try RowCondition(column: 0, name: "n", type: .int64, op: .isNull, values: ["1"])
        }
        let batch = ColumnBatch([.doubles([1, .nan, nil, -0.0, 2.5])])
        func rows(_ op: RowCondition.Operator, _ values: [String]) throws -> [Int] {
            var keep = [Bool](repeating: true, count: batch.rowCount)
            try RowCondition(column: 0, name: "x", type: .double, op: op, values: values).apply(to: batch, keep: &keep)
            return keep.indices.filter { keep[$0] }
        }
        #expect(try rows(.greater, ["1"]) == [1, 4])          // NaN sorts above everything
        #expect(try rows(.equal, ["0"]) == [3])               // -0.0 = 0
        #expect(try rows(.notEqual, ["1"]) == [1, 3, 4])      // NULL is never selected
        #expect(try rows(.isNull, []) == [2])
        #expect(try rows(.oneOf, ["2.5", "1"]) == [0, 4])
    }

    @Test func agreesWithDuckDB() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-predicate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SeededGenerator(seed: 7)
        let n = 2_000
        var ints: [Int64?] = [], doubles: [Double?] = [], dates: [Int32?] = [], strings = ByteArrayColumn()
        let words = ["alpha", "beta", "Beta", "gamma", "", "zeta"]
        for _ in 0..<n {
            ints.append(generator.next() % 10 == 0 ? nil : Int64(generator.next() % 50) - 25)
            doubles.append(generator.next() % 10 == 0 ? nil : Double(Int64(generator.next() % 200) - 100) / 4)
            dates.append(generator.next() % 10 == 0 ? nil : Int32(19_000 + generator.next() % 60))
            if generator.next() % 10 == 0 { strings.appendNull() } else { strings.append(words[Int(generator.next() % UInt64(words.count))]) }
        }
        let path = directory.appendingPathComponent("t.parquet").path
        let schema = ParquetSchema([ParquetColumn(name: "i", type: .int64, nullable: true), ParquetColumn(name: "d", type: .double, nullable: true),
                                    ParquetColumn(name: "dt", type: .date, nullable: true), ParquetColumn(name: "s", type: .string, nullable: true),
                                    ParquetColumn(name: "r", type: .int64, nullable: false)])
        let batch = ColumnBatch([.int64s(ints), .doubles(doubles), .dates(dates), .byteArrays(strings), .int64s((0..<n).map { Int64($0) })])
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema)
        try writer.write(batch)
        _ = try writer.close()

        let types: [SilverType] = [.int64, .double, .date(.isoDate), .string]
        let names = ["i", "d", "dt", "s"]
        let cases: [(Int, RowCondition.Operator, [String], String)] = [
            (0, .greater, ["3"], "i > 3"), (0, .lessOrEqual, ["-2"], "i <= -2"), (0, .notEqual, ["0"], "i != 0"),
            (0, .oneOf, ["1", "2", "-7"], "i IN (1, 2, -7)"), (0, .isNull, [], "i IS NULL"),
            (1, .less, ["2.5"], "d < 2.5"), (1, .greaterOrEqual, ["-10"], "d >= -10"), (1, .equal, ["0.25"], "d = 0.25"),
            (2, .greater, ["2022-01-15"], "dt > DATE '2022-01-15'"), (2, .equal, ["2022-02-01"], "dt = DATE '2022-02-01'"),
            (3, .equal, ["beta"], "s = 'beta'"), (3, .less, ["beta"], "s < 'beta'"), (3, .oneOf, ["gamma", ""], "s IN ('gamma', '')"),
            (3, .isNotNull, [], "s IS NOT NULL"), (3, .notEqual, [""], "s != ''"),
        ]
        for (column, op, values, sql) in cases {
            var keep = [Bool](repeating: true, count: n)
            try RowCondition(column: column, name: names[column], type: types[column], op: op, values: values).apply(to: batch, keep: &keep)
            let ours = keep.indices.filter { keep[$0] }.map(String.init).joined(separator: ",")
            let result = try runPython("""
                import duckdb, sys
                rows = duckdb.sql(f"SELECT r FROM read_parquet('{sys.argv[1]}') WHERE {sys.argv[2]} ORDER BY r").fetchall()
                print(",".join(str(r[0]) for r in rows))
                """, [path, sql])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(ours == result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "\(sql)")
        }
    }
}
