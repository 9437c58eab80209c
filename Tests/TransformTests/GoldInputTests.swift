import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Input files that do not fit the bound query fail as input errors naming the file.
@Suite struct GoldInputTests {
    @Test func unreadableOrMismatchedFilesNameThePath() throws {
        let fixture = try GoldFixture("input")
        let (schema, batch) = GoldTables.sales(rows: 2500, seed: 4)
        let good = try fixture.write("sales", schema, batch)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["region"], metrics: [.init(name: "q", function: .sum("qty"))],
                              orderBy: [], limit: nil)
        let bound = try query.bind(left: schema, right: nil)

        let garbage = fixture.directory.appendingPathComponent("garbage.parquet").path
        try Data("not parquet at all".utf8).write(to: URL(fileURLWithPath: garbage))
        let retyped = try fixture.write("retyped", ParquetSchema([ParquetColumn(name: "region", type: .string, nullable: true),
                                                                   ParquetColumn(name: "qty", type: .double, nullable: true)]),
                                        ColumnBatch([GoldColumns.strings(["a"]), .doubles([1.5])]))
        let missing = try fixture.write("missing", ParquetSchema([ParquetColumn(name: "region", type: .string, nullable: true)]),
                                        ColumnBatch([GoldColumns.strings(["a"])]))
        for bad in [garbage, retyped, missing] {
            do {
                _ = try GoldExecutor.run(bound, leftPaths: [good, bad], rightPaths: [], memoryBudgetBytes: 1 << 24,
                                         spillDirectory: fixture.spillDirectory)
                Issue.record("\(bad) was accepted")
            } catch TransformError.input(let message) {
                #expect(message.contains(bad), "\(message)")
            }
        }
        #expect(try GoldExecutor.run(bound, leftPaths: [good, good], rightPaths: [], memoryBudgetBytes: 1 << 24,
                                     spillDirectory: fixture.spillDirectory).rowCount == GoldTables.regions.count)
    }
}
