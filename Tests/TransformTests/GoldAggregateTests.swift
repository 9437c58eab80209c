import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Gold GROUP BY over Parquet files, every function, against DuckDB on the same files.
@Suite struct GoldAggregateTests {
    static let everyMetric: [GoldQuery.Metric] = [
        .init(name: "rows", function: .countAll), .init(name: "n_qty", function: .count("qty")),
        .init(name: "d_name", function: .countDistinct("name")), .init(name: "s_qty", function: .sum("qty")),
        .init(name: "s_price", function: .sum("price")), .init(name: "s_small", function: .sum("small")),
        .init(name: "a_qty", function: .avg("qty")), .init(name: "a_price", function: .avg("price")),
        .init(name: "a_small", function: .avg("small")),
        .init(name: "min_name", function: .min("name")), .init(name: "max_name", function: .max("name")),
        .init(name: "min_day", function: .min("day")), .init(name: "max_ts", function: .max("ts")),
        .init(name: "min_price", function: .min("price")), .init(name: "max_flag", function: .max("flag")),
        .init(name: "max_small", function: .max("small")),
        .init(name: "med_qty", function: .quantile("qty", 0.5)), .init(name: "p90_price", function: .quantile("price", 0.9)),
        .init(name: "med_small", function: .quantile("small", 0.5)), .init(name: "p0_price", function: .quantile("price", 0)),
        .init(name: "p100_qty", function: .quantile("qty", 1)), .init(name: "med_price", function: .quantile("price", 0.5)),
    ]
    static let everyMetricSQL = """
        count(*), count(qty), count(DISTINCT name), sum(qty), sum(price), sum(small), avg(qty), avg(price), avg(small),
        min(name), max(name), min(day), max(ts), min(price), max(flag), max(small),
        median(qty), quantile_cont(price, 0.9), median(small), quantile_cont(price, 0), quantile_cont(qty, 1), median(price)
        """

    @Test(arguments: [UInt64(3), 41])
    func everyFunctionPerGroupWithNullsAndANullGroup(seed: UInt64) throws {
        let fixture = try GoldFixture("aggregate")
        let (schema, batch) = GoldTables.sales(rows: 3000, seed: seed)
        let path = try fixture.write("sales", schema, batch)
        #expect(try ParquetFileReader(path: path).rowGroupCount >= 3)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["region"], metrics: Self.everyMetric, orderBy: [], limit: nil)
        let run = try fixture.expectAgreement(query, sql: "SELECT region, \(Self.everyMetricSQL) FROM {L} GROUP BY region",
                                              left: [path], "group by region")
        #expect(run.output.rowCount == GoldTables.regions.count)
        // The region whose numbers are all NULL gets NULL sums, averages and quantiles, count 0.
        let rows = GoldCell.rows(run.output)
        let empty = try #require(rows.first { $0[0] == .string("zz") })
        #expect(empty[2] == .int(0) && empty[4] == .null && empty[7] == .null && empty[17] == .null && empty[18] == .null)
        #expect(rows.contains { $0[0] == .null })

        let bound = try query.bind(left: schema, right: nil)
        #expect(bound.outputSchema.columns.map(\.name) == ["region"] + Self.everyMetric.map(\.name))
        #expect(bound.outputSchema.columns.map(\.type) == [
            .string, .int64, .int64, .int64, .int64, .double, .int64, .double, .double, .double,
            .string, .string, .date, .timestampMicros, .double, .boolean, .int32,
            .double, .double, .double, .double, .double, .double,
        ])
        #expect(Set(bound.leftColumns) == ["region", "qty", "name", "price", "small", "day", "ts", "flag"])
        #expect(bound.rightColumns.isEmpty)
    }

    @Test func twoKeysOfDifferentTypes() throws {
        let fixture = try GoldFixture("aggregate-keys")
        let (schema, batch) = GoldTables.sales(rows: 2000, seed: 5)
        let path = try fixture.write("sales", schema, batch)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["day", "flag", "region"],
                              metrics: [.init(name: "rows", function: .countAll), .init(name: "med", function: .quantile("qty", 0.5)),
                                        .init(name: "p25", function: .quantile("qty", 0.25)), .init(name: "first", function: .min("ts"))],
                              orderBy: [], limit: nil)
        try fixture.expectAgreement(query, sql: """
            SELECT day, flag, region, count(*), median(qty), quantile_cont(qty, 0.25), min(ts) FROM {L} GROUP BY ALL
            """, left: [path], "group by day, flag, region")
    }

    @Test func groupByWithoutMetricsGivesTheDistinctGroups() throws {
        let fixture = try GoldFixture("aggregate-distinct")
        let (schema, batch) = GoldTables.sales(rows: 1500, seed: 9)
        let path = try fixture.write("sales", schema, batch)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["region", "flag"], metrics: [], orderBy: [], limit: nil)
        let run = try fixture.expectAgreement(query, sql: "SELECT DISTINCT region, flag FROM {L}", left: [path], "distinct groups")
        #expect(run.output.columns.count == 2)
    }

    @Test func withoutGroupByOneRowOverSeveralFiles() throws {
        let fixture = try GoldFixture("aggregate-total")
        let (schema, first) = GoldTables.sales(rows: 1200, seed: 12)
        let (_, second) = GoldTables.sales(rows: 800, seed: 13)
        let paths = [try fixture.write("part-0", schema, first), try fixture.write("part-1", schema, second)]
        let query = GoldQuery(join: nil, conditions: [], groupBy: [], metrics: Self.everyMetric, orderBy: [], limit: nil)
        let run = try fixture.expectAgreement(query, sql: "SELECT \(Self.everyMetricSQL) FROM {L}", left: paths, "no group_by")
        #expect(run.output.rowCount == 1)
        #expect(run.rowsRead == 2000)
    }

    @Test func countStarAloneReadsNoColumn() throws {
        let fixture = try GoldFixture("aggregate-count")
        let (schema, batch) = GoldTables.sales(rows: 2500, seed: 1)
        let path = try fixture.write("sales", schema, batch)
        let query = GoldQuery(join: nil, conditions: [], groupBy: [], metrics: [.init(name: "rows", function: .countAll)], orderBy: [], limit: nil)
        #expect(try query.bind(left: schema, right: nil).leftColumns.isEmpty)
        var reported: [Int64] = []
        let bound = try query.bind(left: schema, right: nil)
        let output = try GoldExecutor.run(bound, leftPaths: [path], rightPaths: [], memoryBudgetBytes: 1 << 24,
                                          spillDirectory: fixture.spillDirectory) { reported.append($0) }
        #expect(GoldCell.rows(output) == [[.int(2500)]])
        #expect(reported.last == 2500 && reported.count > 1 && reported == reported.sorted())
    }

    @Test func emptyInputWithoutGroupByGivesOneRow() throws {
        let fixture = try GoldFixture("aggregate-empty")
        let (schema, _) = GoldTables.sales(rows: 0, seed: 1)
        let empty = ColumnBatch(schema.columns.map { column -> ColumnValues in
            switch column.type {
            case .string: return .byteArrays(ByteArrayColumn())
            case .int64: return .int64s([])
            case .double: return .doubles([])
            case .date: return .dates([])
            case .timestampMicros: return .timestampsMicros([])
            case .int32: return .int32s([])
            default: return .booleans([])
            }
        })
        let path = try fixture.write("empty", schema, empty)
        let query = GoldQuery(join: nil, conditions: [], groupBy: [], metrics: Self.everyMetric, orderBy: [], limit: nil)
        let run = try fixture.expectAgreement(query, sql: "SELECT \(Self.everyMetricSQL) FROM {L}", left: [path], "empty input")
        #expect(run.output.rowCount == 1)
        let grouped = GoldQuery(join: nil, conditions: [], groupBy: ["region"], metrics: Self.everyMetric, orderBy: [], limit: nil)
        try fixture.expectAgreement(grouped, sql: "SELECT region, \(Self.everyMetricSQL) FROM {L} GROUP BY region", left: [path],
                                    "empty input, group by")

        // A where that keeps nothing is the same as no input.
        let (_, batch) = GoldTables.sales(rows: 500, seed: 2)
        let full = try fixture.write("sales", schema, batch)
        let none = GoldQuery(join: nil, conditions: [.init(column: "qty", op: .greater, values: ["100000"])], groupBy: [],
                             metrics: Self.everyMetric, orderBy: [], limit: nil)
        let filtered = try fixture.expectAgreement(none, sql: "SELECT \(Self.everyMetricSQL) FROM {L} WHERE qty > 100000", left: [full],
                                                   "where keeps nothing")
        #expect(GoldCell.rows(filtered.output).first?.first == .int(0))
    }
}
