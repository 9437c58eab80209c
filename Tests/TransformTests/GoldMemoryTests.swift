import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// The memory budget: the aggregate and the join's build side throw past their shares;
/// quantiles spill past theirs and still equal DuckDB.
@Suite struct GoldMemoryTests {
    static func table(rows: Int) -> (ParquetSchema, ColumnBatch) {
        var random = SeededGenerator(seed: 99)
        var keys: [Int64?] = [], values: [Double?] = [], groups: [String?] = []
        for row in 0..<rows {
            keys.append(Int64(row))
            values.append(random.next() % 10 == 0 ? nil : Double(Int64(random.next() % 2_000_000) - 1_000_000) / 7)
            groups.append(random.next() % 15 == 0 ? nil : ["a", "b", "c"][Int(random.next() % 3)])
        }
        return (ParquetSchema([ParquetColumn(name: "k", type: .int64, nullable: false), ParquetColumn(name: "v", type: .double, nullable: true),
                               ParquetColumn(name: "g", type: .string, nullable: true)]),
                ColumnBatch([.int64s(keys), .doubles(values), GoldColumns.strings(groups)]))
    }

    @Test func manyGroupsOverATinyBudgetThrow() throws {
        let fixture = try GoldFixture("memory-aggregate")
        let (schema, batch) = Self.table(rows: 30_000)
        let path = try fixture.write("t", schema, batch, rowGroupBytes: 64 << 10)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["k"], metrics: [.init(name: "rows", function: .countAll)], orderBy: [], limit: nil)
        #expect(throws: TransformError.memoryBudgetExceeded(operator: "aggregate", budgetBytes: 200_000)) {
            _ = try fixture.run(query, left: [path], budget: 200_000)
        }
        // The same query fits a sufficient budget.
        #expect(try fixture.run(query, left: [path], budget: 32 << 20).output.rowCount == 30_000)
    }

    @Test func aLargeBuildSideThrows() throws {
        let fixture = try GoldFixture("memory-join")
        let (schema, batch) = Self.table(rows: 30_000)
        let path = try fixture.write("t", schema, batch, rowGroupBytes: 64 << 10)
        let query = GoldQuery(join: GoldQuery.Join(keys: [("k", "k")], kind: .inner, clashPrefix: "r_"), conditions: [], groupBy: [],
                              metrics: [.init(name: "rows", function: .countAll)], orderBy: [], limit: nil)
        #expect(throws: TransformError.memoryBudgetExceeded(operator: "join", budgetBytes: 400_000)) {
            _ = try fixture.run(query, left: [path], right: [path], budget: 400_000)
        }
        #expect(GoldCell.rows(try fixture.run(query, left: [path], right: [path], budget: 32 << 20).output) == [[.int(30_000)]])
    }

    @Test(arguments: [64 << 10, 64 << 20])
    func quantilesSpillAndStillAgree(budget: Int) throws {
        let fixture = try GoldFixture("memory-quantiles")
        let (schema, batch) = Self.table(rows: 40_000)
        let path = try fixture.write("t", schema, batch, rowGroupBytes: 16 << 10)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["g"],
                              metrics: [.init(name: "med", function: .quantile("v", 0.5)), .init(name: "p90", function: .quantile("v", 0.9)),
                                        .init(name: "p1", function: .quantile("k", 0.01)), .init(name: "rows", function: .countAll)],
                              orderBy: [.init(column: "g", descending: false)], limit: nil)
        let run = try fixture.expectAgreement(query, sql: """
            SELECT g, median(v), quantile_cont(v, 0.9), quantile_cont(k, 0.01), count(*) FROM {L} GROUP BY g ORDER BY g
            """, left: [path], budget: budget, "quantiles with a \(budget)-byte budget")
        if budget < 1 << 20 {
            #expect(run.spilledRuns > 10)
        } else {
            #expect(run.spilledRuns == 0)
        }
        // Spill files are gone once the run is over.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: fixture.spillDirectory.path)) ?? []
        #expect(left.isEmpty)
    }
}
