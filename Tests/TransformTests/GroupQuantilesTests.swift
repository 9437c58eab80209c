import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Exact quantiles per group, in memory and merged from spilled runs, against DuckDB's
/// `quantile_cont` on the same values.
@Suite struct GroupQuantilesTests {
    @Test func interpolatesLikeQuantileCont() throws {
        let quantiles = GroupQuantiles(quantiles: [0, 0.5, 0.9, 1], budgetBytes: 1 << 20, spillDirectory: nil)
        for value in [4.0, 1, 3, 2] { try quantiles.add(group: 0, value: value) }
        try quantiles.add(group: 2, value: 7)
        let result = try quantiles.finish(groups: 4)
        #expect(result[0] == [1, 2.5, 3.7, 4])
        #expect(result[1] == [nil, nil, nil, nil])
        #expect(result[2] == [7, 7, 7, 7])
        #expect(result[3] == [nil, nil, nil, nil])
    }

    @Test func orderKeysSortLikeDoubles() {
        let values: [Double] = [-.infinity, -1e300, -2, -0.0, 0, .leastNonzeroMagnitude, 3, .infinity, .nan]
        let keys = values.map(GroupQuantiles.key)
        for i in 1..<keys.count { #expect(keys[i - 1] <= keys[i]) }
        for value in values where !value.isNaN { #expect(GroupQuantiles.value(GroupQuantiles.key(value)) == (value == 0 ? 0 : value)) }
    }

    @Test(arguments: [1 << 24, 16 << 10])
    func agreesWithDuckDB(budget: Int) throws {
        var generator = SeededGenerator(seed: 42)
        var rows: [(group: Int, value: Double)] = []
        for _ in 0..<20_000 {
            let group = Int(generator.next() % 37)
            let value = generator.next() % 5 == 0 ? Double(Int(generator.next() % 100)) : Double(Int64(bitPattern: generator.next()) % 1_000_000) / 7
            rows.append((group, value))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-quantiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let quantiles = GroupQuantiles(quantiles: [0.5, 0.9, 0.25, 0.999], budgetBytes: budget, spillDirectory: directory)
        for row in rows { try quantiles.add(group: row.group, value: row.value) }
        #expect(budget > 1 << 20 ? quantiles.spilledRuns == 0 : quantiles.spilledRuns > 10)
        let ours = try quantiles.finish(groups: 37)

        let csv = directory.appendingPathComponent("values.csv")
        try ("g,v\n" + rows.map { "\($0.group),\($0.value)" }.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let result = try runPython("""
            import duckdb, sys
            rows = duckdb.sql(f"SELECT g, quantile_cont(v, 0.5), quantile_cont(v, 0.9), quantile_cont(v, 0.25), quantile_cont(v, 0.999) "
                              f"FROM read_csv('{sys.argv[1]}', columns={{'g': 'BIGINT', 'v': 'DOUBLE'}}) GROUP BY g ORDER BY g").fetchall()
            for r in rows: print(" ".join(repr(x) for x in r))
            """, [csv.path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 37)
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            guard let group = Int(fields[0]) else { Issue.record("bad line \(line)"); continue }
            for slot in 0..<4 {
                let theirs = Double(fields[slot + 1]) ?? .nan
                let mine = ours[group][slot] ?? .nan
                let scale = max(1, abs(theirs))
                #expect(abs(mine - theirs) <= 1e-9 * scale, "group \(group) quantile \(slot): ours \(mine), DuckDB \(theirs)")
            }
        }
    }
}

/// Medians beside a hash aggregate, fed the aggregate's group of every row, equal DuckDB's
/// `median` per group.
@Suite struct AggregateWithQuantilesTests {
    @Test func mediansPerGroupAgreeWithDuckDB() throws {
        var generator = SeededGenerator(seed: 11)
        var keys = ByteArrayColumn()
        var values: [Int64?] = []
        let regions = ["west", "east", "north", "south", "central"]
        for _ in 0..<5_000 {
            if generator.next() % 20 == 0 { keys.appendNull() } else { keys.append(regions[Int(generator.next() % 5)]) }
            values.append(generator.next() % 9 == 0 ? nil : Int64(generator.next() % 10_000) - 3_000)
        }
        let schema = ParquetSchema([ParquetColumn(name: "region", type: .string, nullable: true),
                                    ParquetColumn(name: "amount", type: .int64, nullable: true)])
        let batch = ColumnBatch([.byteArrays(keys), .int64s(values)])
        let aggregate = try HashAggregate(spec: AggregateSpec(groupBy: [0], metrics: [AggregateMetric(name: "n", function: .countAll)]),
                                          inputSchema: schema, memoryBudgetBytes: 1 << 24)
        let medians = GroupQuantiles(quantiles: [0.5], budgetBytes: 1 << 20, spillDirectory: nil)
        try aggregate.add(batch) { groups in
            for row in groups.indices { if let value = values[row] { try medians.add(group: Int(groups[row]), value: Double(value)) } }
        }
        let (_, result) = try aggregate.finish()
        let perGroup = try medians.finish(groups: aggregate.groups)
        guard case .byteArrays(let names) = result.columns[0] else { Issue.record("keys are not strings"); return }
        var ours: [String: Double?] = [:]
        for group in 0..<aggregate.groups { ours[names[group] ?? "NULL"] = perGroup[group][0] }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-median-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("t.parquet").path
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema)
        try writer.write(batch)
        _ = try writer.close()
        let duck = try runPython("""
            import duckdb, sys
            for g, m in duckdb.sql(f"SELECT coalesce(region, 'NULL'), median(amount) FROM read_parquet('{sys.argv[1]}') GROUP BY ALL").fetchall():
                print(g, repr(m))
            """, [path])
        #expect(duck.status == 0, "\(duck.stderr)")
        let lines = duck.stdout.split(separator: "\n")
        #expect(lines.count == ours.count)
        for line in lines {
            let parts = line.split(separator: " ").map(String.init)
            let theirs = Double(parts[1])
            #expect(ours[parts[0]] == theirs, "\(parts[0]): ours \(String(describing: ours[parts[0]])), DuckDB \(parts[1])")
        }
    }
}
