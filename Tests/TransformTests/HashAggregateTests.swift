import Foundation
import Parquet
import TestSupport
import Testing
@testable import Transform

/// Hash aggregation: every function, nulls, empty input, no group_by, typed keys, errors, and
/// a differential run against DuckDB on a seeded table.
@Suite struct HashAggregateTests {
    static let seed = DigestSeed(a: 0x1234_5678, b: 0x9ABC_DEF0)

    static func strings(_ values: [String?]) -> ColumnValues {
        var column = ByteArrayColumn()
        for value in values {
            if let value { column.append(value) } else { column.appendNull() }
        }
        return .byteArrays(column)
    }

    static func aggregate(_ schema: [ParquetColumn], _ batches: [[ColumnValues]], groupBy: [Int],
                          _ metrics: [(String, AggregateFunction)], budget: Int = 64 << 20) throws -> (ParquetSchema, ColumnBatch) {
        let spec = AggregateSpec(groupBy: groupBy, metrics: metrics.map { AggregateMetric(name: $0.0, function: $0.1) })
        let aggregate = try HashAggregate(spec: spec, inputSchema: ParquetSchema(schema), memoryBudgetBytes: budget, seed: seed)
        for batch in batches { try aggregate.add(ColumnBatch(batch)) }
        let result = try aggregate.finish()
        return (result.schema, result.batch)
    }

    /// Every value of a result column as text, for order-free comparison of rows.
    static func text(_ column: ColumnValues, _ row: Int) -> String {
        switch column {
        case .booleans(let v): return v[row].map { "\($0)" } ?? "NULL"
        case .int32s(let v), .dates(let v): return v[row].map { "\($0)" } ?? "NULL"
        case .int64s(let v), .timestampsMicros(let v): return v[row].map { "\($0)" } ?? "NULL"
        case .doubles(let v): return v[row].map { "\($0)" } ?? "NULL"
        case .byteArrays(let v): return v[row].map { "'\($0)'" } ?? "NULL"
        case .lists: return "list"
        }
    }

    static func rows(_ batch: ColumnBatch) -> Set<String> {
        Set((0..<batch.rowCount).map { row in batch.columns.map { text($0, row) }.joined(separator: ",") })
    }

    static let g = ParquetColumn(name: "g", type: .string, nullable: true)
    static let n = ParquetColumn(name: "n", type: .int64, nullable: true)
    static let d = ParquetColumn(name: "d", type: .double, nullable: true)

    @Test func everyFunctionPerGroupWithNullsAndSeveralBatches() throws {
        let batch1: [ColumnValues] = [Self.strings(["a", "b", nil, "a"]), .int64s([1, nil, 5, 3]), .doubles([1.5, nil, nil, 2.5])]
        let batch2: [ColumnValues] = [Self.strings(["b", "a", nil]), .int64s([nil, 3, 7]), .doubles([nil, -1.0, 4.0])]
        let (schema, batch) = try Self.aggregate([Self.g, Self.n, Self.d], [batch1, batch2], groupBy: [0], [
            ("rows", .countAll), ("cn", .count(1)), ("dn", .countDistinct(1)), ("sn", .sum(1)), ("an", .avg(1)),
            ("mn", .min(1)), ("xn", .max(1)), ("sd", .sum(2)), ("ad", .avg(2)), ("md", .min(2)), ("xd", .max(2)),
        ])
        #expect(schema.columns.map(\.name) == ["g", "rows", "cn", "dn", "sn", "an", "mn", "xn", "sd", "ad", "md", "xd"])
        #expect(schema.columns.map(\.type) == [.string, .int64, .int64, .int64, .int64, .double, .int64, .int64,
                                               .double, .double, .double, .double])
        #expect(Self.rows(batch) == [
            "'a',3,3,2,7,\(7.0 / 3),1,3,3.0,1.0,-1.0,2.5",
            "'b',2,0,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL",
            "NULL,2,2,2,12,6.0,5,7,4.0,4.0,4.0,4.0",
        ])
        // First-seen order.
        if case .byteArrays(let keys) = batch.columns[0] { #expect(keys.strings == ["a", "b", nil]) }
    }

    @Test func withoutGroupByOneRowEvenForNoInput() throws {
        let metrics: [(String, AggregateFunction)] = [("rows", .countAll), ("cn", .count(0)), ("dn", .countDistinct(0)),
                                                      ("sn", .sum(0)), ("an", .avg(0)), ("mn", .min(0)), ("xn", .max(0))]
        let (_, empty) = try Self.aggregate([Self.n], [], groupBy: [], metrics)
        #expect(Self.rows(empty) == ["0,0,0,NULL,NULL,NULL,NULL"])
        let (_, emptyBatch) = try Self.aggregate([Self.n], [[.int64s([])]], groupBy: [], metrics)
        #expect(Self.rows(emptyBatch) == ["0,0,0,NULL,NULL,NULL,NULL"])
        let (_, allNull) = try Self.aggregate([Self.n], [[.int64s([nil, nil])]], groupBy: [], metrics)
        #expect(Self.rows(allNull) == ["2,0,0,NULL,NULL,NULL,NULL"])
        let (_, some) = try Self.aggregate([Self.n], [[.int64s([4, nil, -2, 4])]], groupBy: [], metrics)
        #expect(Self.rows(some) == ["4,3,2,6,2.0,-2,4"])
        // With group_by, no input gives no rows.
        let (_, none) = try Self.aggregate([Self.g, Self.n], [], groupBy: [0], [("rows", .countAll)])
        #expect(none.rowCount == 0)
    }

    @Test func dateAndStringKeysAndTheirMinMax() throws {
        let schema = [ParquetColumn(name: "day", type: .date, nullable: true), ParquetColumn(name: "s", type: .string, nullable: true),
                      ParquetColumn(name: "ts", type: .timestampMicros, nullable: true), ParquetColumn(name: "b", type: .boolean, nullable: true)]
        let batch: [ColumnValues] = [.dates([19_000, 19_000, nil, 19_001, 19_000]),
                                     Self.strings(["Zeta", "alpha", "é", nil, "Z"]),
                                     .timestampsMicros([5, nil, 7, 9, -3]), .booleans([true, false, nil, nil, true])]
        let (out, result) = try Self.aggregate(schema, [batch], groupBy: [0, 1], [("rows", .countAll)])
        #expect(out.columns.map(\.type) == [.date, .string, .int64])
        #expect(Self.rows(result) == ["19000,'Zeta',1", "19000,'alpha',1", "NULL,'é',1", "19001,NULL,1", "19000,'Z',1"])
        let (types, extremes) = try Self.aggregate(schema, [batch], groupBy: [], [
            ("min_day", .min(0)), ("max_day", .max(0)), ("min_s", .min(1)), ("max_s", .max(1)),
            ("min_ts", .min(2)), ("max_ts", .max(2)), ("min_b", .min(3)), ("max_b", .max(3)),
        ])
        #expect(types.columns.map(\.type) == [.date, .date, .string, .string, .timestampMicros, .timestampMicros, .boolean, .boolean])
        // Byte-wise: "Z" < "Zeta" < "alpha" < "é".
        #expect(Self.rows(extremes) == ["19000,19001,'Z','é',-3,9,false,true"])
    }

    @Test func doubleKeysMergeZerosAndNaNIsGreatest() throws {
        let (_, result) = try Self.aggregate([Self.d], [[.doubles([0.0, -0.0, nil, 1.0])]], groupBy: [0], [("rows", .countAll)])
        #expect(Self.rows(result) == ["0.0,2", "NULL,1", "1.0,1"])
        let (_, extremes) = try Self.aggregate([Self.d], [[.doubles([.nan, -1.0, 5.0])]], groupBy: [], [("lo", .min(0)), ("hi", .max(0)), ("dn", .countDistinct(0))])
        #expect(Self.text(extremes.columns[0], 0) == "-1.0")
        #expect(Self.text(extremes.columns[1], 0) == "nan")
        let (_, distinct) = try Self.aggregate([Self.d], [[.doubles([0.0, -0.0, 2.0, nil, 2.0])]], groupBy: [], [("dn", .countDistinct(0))])
        #expect(Self.rows(distinct) == ["2"])
    }

    @Test func integerAverageIsExactBeyondInt64() throws {
        let big = Int64.max - 1
        let (_, result) = try Self.aggregate([Self.n], [[.int64s([big, big, big, -5])]], groupBy: [], [("a", .avg(0))])
        guard case .doubles(let values) = result.columns[0], let average = values[0] else {
            Issue.record("avg is not a double")
            return
        }
        let exact = (3 * Double(big) - 5) / 4
        #expect(abs(average - exact) <= exact * 1e-15)
    }

    @Test func sumOverflowNamesTheMetric() throws {
        #expect(throws: TransformError.aggregateOverflow(metric: "total", column: "n")) {
            _ = try Self.aggregate([Self.n], [[.int64s([Int64.max, 1])]], groupBy: [], [("total", .sum(0))])
        }
        #expect(throws: TransformError.aggregateOverflow(metric: "total", column: "n")) {
            _ = try Self.aggregate([Self.n], [[.int64s([Int64.min])], [.int64s([-1])]], groupBy: [], [("total", .sum(0))])
        }
        let message = TransformError.aggregateOverflow(metric: "total", column: "n").description
        #expect(message.contains("total") && message.contains("'n'") && message.contains("overflows int64"))
    }

    @Test func typeErrorsNameMetricAndColumn() throws {
        do {
            _ = try Self.aggregate([Self.g], [], groupBy: [], [("revenue", .sum(0))])
            Issue.record("sum of a string was accepted")
        } catch let error as TransformError {
            guard case .invalidAggregate(let metric, _) = error else { throw error }
            #expect(metric == "revenue")
            #expect(error.description.contains("revenue") && error.description.contains("'g'") && error.description.contains("string"))
        }
        let bad: [(AggregateFunction, ParquetColumn)] = [(.avg(0), Self.g), (.sum(0), ParquetColumn(name: "day", type: .date, nullable: true)),
                                                         (.min(0), ParquetColumn(name: "l", type: .list(.int64), nullable: true)),
                                                         (.count(3), Self.n)]
        for (function, column) in bad {
            #expect(throws: TransformError.self) { _ = try Self.aggregate([column], [], groupBy: [], [("m", function)]) }
        }
        #expect(throws: TransformError.self) {
            _ = try Self.aggregate([ParquetColumn(name: "l", type: .list(.int64), nullable: true)], [], groupBy: [0], [("m", .countAll)])
        }
        #expect(throws: TransformError.self) { _ = try Self.aggregate([Self.n], [], groupBy: [0], [("n", .countAll)]) }
    }

    @Test func aBatchThatDoesNotMatchTheSchemaIsAnError() throws {
        #expect(throws: TransformError.self) { _ = try Self.aggregate([Self.n], [[.doubles([1])]], groupBy: [0], [("rows", .countAll)]) }
    }

    @Test func budgetExceededIsTypedAndSuggestsTheSetting() throws {
        let keys = (0..<20_000).map { Int64($0) }
        do {
            _ = try Self.aggregate([Self.n], [[.int64s(keys)]], groupBy: [0], [("rows", .countAll)], budget: 100_000)
            Issue.record("20,000 groups fitted 100,000 bytes")
        } catch let error as TransformError {
            #expect(error == .memoryBudgetExceeded(operator: "aggregate", budgetBytes: 100_000))
            #expect(error.description.contains("100000") && error.description.contains("gold.memory_mb"))
        }
        // The same input fits a large budget.
        let (_, result) = try Self.aggregate([Self.n], [[.int64s(keys)]], groupBy: [0], [("rows", .countAll)], budget: 64 << 20)
        #expect(result.rowCount == 20_000)
        // Distinct values count against the budget too.
        #expect(throws: TransformError.memoryBudgetExceeded(operator: "aggregate", budgetBytes: 200_000)) {
            _ = try Self.aggregate([Self.n], [[.int64s(keys)]], groupBy: [], [("dn", .countDistinct(0))], budget: 200_000)
        }
    }
}

/// The same GROUP BY in DuckDB and in `HashAggregate`, on a seeded table with nulls in keys
/// and values, read back row group by row group from a Parquet file we wrote.
@Suite struct HashAggregateAgreesWithDuckDBTests {
    static func table(rows: Int, seed: UInt64) -> (ParquetSchema, ColumnBatch) {
        var random = SeededGenerator(seed: seed)
        let words = ["alpha", "Beta", "gamma", "Z", "é", "zz", "", "a b", "ünï", "42"]
        var k1: [Int64?] = [], x: [Double?] = [], i: [Int64?] = [], d: [Double?] = [], dt: [Int32?] = []
        var k2 = ByteArrayColumn(), s = ByteArrayColumn()
        for _ in 0..<rows {
            k1.append(Int64.random(in: 0..<8, using: &random) == 0 ? nil : Int64.random(in: -3...3, using: &random))
            if Int.random(in: 0..<10, using: &random) == 0 { k2.appendNull() } else { k2.append(["x", "y", "z", "é"][Int.random(in: 0..<4, using: &random)]) }
            x.append(Int.random(in: 0..<4, using: &random) == 0 ? nil : Double.random(in: -1e6...1e6, using: &random))
            if Int.random(in: 0..<6, using: &random) == 0 {
                s.appendNull()
            } else {
                s.append(words[Int.random(in: 0..<words.count, using: &random)] + String(Int.random(in: 0..<30, using: &random)))
            }
            i.append(Int.random(in: 0..<5, using: &random) == 0 ? nil : Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random))
            d.append(Int.random(in: 0..<7, using: &random) == 0 ? nil : Double.random(in: 0..<1000, using: &random))
            dt.append(Int.random(in: 0..<5, using: &random) == 0 ? nil : Int32.random(in: -1000...25_000, using: &random))
        }
        let schema = ParquetSchema([
            ParquetColumn(name: "k1", type: .int64, nullable: true), ParquetColumn(name: "k2", type: .string, nullable: true),
            ParquetColumn(name: "x", type: .double, nullable: true), ParquetColumn(name: "s", type: .string, nullable: true),
            ParquetColumn(name: "i", type: .int64, nullable: true), ParquetColumn(name: "d", type: .double, nullable: true),
            ParquetColumn(name: "dt", type: .date, nullable: true),
        ])
        return (schema, ColumnBatch([.int64s(k1), .byteArrays(k2), .doubles(x), .byteArrays(s), .int64s(i), .doubles(d), .dates(dt)]))
    }

    static func key(_ k1: Int64?, _ k2: String?) -> String { "\(k1.map { "\($0)" } ?? "∅")|\(k2 ?? "∅")" }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)
    }

    @Test(arguments: [UInt64(7), 2026])
    func groupByAllMatchesDuckDB(seed: UInt64) throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("hash-aggregate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("table.parquet").path
        let (schema, batch) = Self.table(rows: 4000, seed: seed)
        var options = ParquetWriterOptions()
        options.rowGroupSize = 16 << 10 // several row groups
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        try writer.write(batch)
        _ = try writer.close()

        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroupCount > 1)
        let spec = AggregateSpec(groupBy: [0, 1], metrics: [
            AggregateMetric(name: "rows", function: .countAll), AggregateMetric(name: "cx", function: .count(2)),
            AggregateMetric(name: "ds", function: .countDistinct(3)), AggregateMetric(name: "si", function: .sum(4)),
            AggregateMetric(name: "ad", function: .avg(5)), AggregateMetric(name: "ms", function: .min(3)),
            AggregateMetric(name: "xdt", function: .max(6)), AggregateMetric(name: "ai", function: .avg(4)),
            AggregateMetric(name: "sx", function: .sum(2)),
        ])
        let aggregate = try HashAggregate(spec: spec, inputSchema: reader.schema, memoryBudgetBytes: 64 << 20)
        for group in 0..<reader.rowGroupCount { try aggregate.add(try reader.readRowGroup(group)) }
        let (_, ours) = try aggregate.finish()
        guard case .int64s(let k1) = ours.columns[0], case .byteArrays(let k2) = ours.columns[1],
              case .int64s(let rows) = ours.columns[2], case .int64s(let cx) = ours.columns[3],
              case .int64s(let ds) = ours.columns[4], case .int64s(let si) = ours.columns[5],
              case .doubles(let ad) = ours.columns[6], case .byteArrays(let ms) = ours.columns[7],
              case .dates(let xdt) = ours.columns[8], case .doubles(let ai) = ours.columns[9],
              case .doubles(let sx) = ours.columns[10] else {
            Issue.record("unexpected output column types")
            return
        }

        let result = try runPython("""
            import duckdb, json, sys
            rows = duckdb.connect().execute('''
                SELECT k1, k2, count(*), count(x), count(DISTINCT s), sum(i), avg(d), min(s),
                       max(dt) - DATE '1970-01-01', avg(i), sum(x)
                FROM read_parquet(?) GROUP BY ALL''', [sys.argv[1]]).fetchall()
            print(json.dumps([[str(v) if isinstance(v, int) else v for v in row] for row in rows]))
            """, [path])
        try #require(result.status == 0, "duckdb failed: \(result.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[Any]]
        let expected = try #require(parsed)
        #expect(expected.count == ours.rowCount)
        #expect(expected.count > 20)

        var index: [String: Int] = [:]
        for row in 0..<ours.rowCount { index[Self.key(k1[row], k2[row])] = row }
        func int(_ value: Any) -> Int64? { (value as? String).flatMap { Int64($0) } }
        func double(_ value: Any) -> Double? { (value as? NSNumber)?.doubleValue }
        for theirs in expected {
            let key = Self.key(int(theirs[0]), theirs[1] as? String)
            guard let row = index[key] else {
                Issue.record("DuckDB group \(key) is missing from ours")
                continue
            }
            #expect(rows[row] == int(theirs[2]), "count(*) of \(key)")
            #expect(cx[row] == int(theirs[3]), "count(x) of \(key)")
            #expect(ds[row] == int(theirs[4]), "count(DISTINCT s) of \(key)")
            #expect(si[row] == int(theirs[5]), "sum(i) of \(key)")
            #expect(Self.close(ad[row], double(theirs[6])), "avg(d) of \(key): \(String(describing: ad[row])) vs \(theirs[6])")
            #expect(ms[row] == theirs[7] as? String, "min(s) of \(key)")
            #expect(xdt[row].map { Int64($0) } == int(theirs[8]), "max(dt) of \(key)")
            #expect(Self.close(ai[row], double(theirs[9])), "avg(i) of \(key): \(String(describing: ai[row])) vs \(theirs[9])")
            #expect(Self.close(sx[row], double(theirs[10])), "sum(x) of \(key): \(String(describing: sx[row])) vs \(theirs[10])")
        }
    }
}

@Suite struct Int128ToDoubleTests {
    @Test func negativeSumsConvertThroughTheirMagnitude() {
        #expect(IntegerAverageAccumulator.double(high: -1, low: UInt64.max) == -1)
        #expect(IntegerAverageAccumulator.double(high: -1, low: UInt64(bitPattern: -5_996_064_157)) == -5_996_064_157)
        #expect(IntegerAverageAccumulator.double(high: 0, low: 12) == 12)
        #expect(IntegerAverageAccumulator.double(high: 1, low: 0) == 18_446_744_073_709_551_616.0)
        #expect(IntegerAverageAccumulator.double(high: -1, low: 0) == -18_446_744_073_709_551_616.0)
        #expect(IntegerAverageAccumulator.double(high: 0, low: 0) == 0)
    }
}
