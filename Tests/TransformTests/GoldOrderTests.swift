import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// ORDER BY and LIMIT of Gold output against DuckDB: NULLs last both ways, strings byte-wise,
/// NaN above every number.
@Suite struct GoldOrderTests {
    @Test func ordersWithNullsDescendingAndLimit() throws {
        let fixture = try GoldFixture("order")
        let (schema, batch) = GoldTables.sales(rows: 2500, seed: 31)
        let path = try fixture.write("sales", schema, batch)
        let metrics: [GoldQuery.Metric] = [.init(name: "rows", function: .countAll), .init(name: "total", function: .sum("price")),
                                           .init(name: "first_day", function: .min("day")), .init(name: "med", function: .quantile("qty", 0.5))]
        let sql = "SELECT region, count(*) AS rows, sum(price) AS total, min(day) AS first_day, median(qty) AS med FROM {L} GROUP BY region"
        let cases: [([GoldQuery.Order], Int?, String)] = [
            ([.init(column: "region", descending: false)], nil, "region"),
            ([.init(column: "region", descending: true)], nil, "region DESC"),
            ([.init(column: "total", descending: true)], 4, "total DESC LIMIT 4"),
            ([.init(column: "total", descending: false)], nil, "total"),
            ([.init(column: "med", descending: true), .init(column: "region", descending: false)], 100, "med DESC, region LIMIT 100"),
            ([.init(column: "first_day", descending: false), .init(column: "total", descending: true)], 3, "first_day, total DESC LIMIT 3"),
            ([.init(column: "rows", descending: true), .init(column: "region", descending: true)], 0, "rows DESC, region DESC LIMIT 0"),
        ]
        for (order, limit, sqlOrder) in cases {
            let query = GoldQuery(join: nil, conditions: [], groupBy: ["region"], metrics: metrics, orderBy: order, limit: limit)
            let run = try fixture.expectAgreement(query, sql: "\(sql) ORDER BY \(sqlOrder)", left: [path], "ORDER BY \(sqlOrder)")
            #expect(run.output.rowCount == min(limit ?? .max, GoldTables.regions.count))
            // A NULL sort value comes last whichever the direction.
            if order.count == 1, order[0].column != "rows", limit == nil {
                #expect(GoldCell.rows(run.output).last?[order[0].column == "region" ? 0 : 2] == .null)
            }
        }
    }

    @Test func doublesWithNaNAndZerosAndBooleans() throws {
        let fixture = try GoldFixture("order-doubles")
        let schema = ParquetSchema([ParquetColumn(name: "x", type: .double, nullable: true), ParquetColumn(name: "b", type: .boolean, nullable: true)])
        let path = try fixture.write("t", schema, ColumnBatch([
            .doubles([3, .nan, nil, -0.0, 0.0, -.infinity, .infinity, -2.5, -.nan, 3]),
            .booleans([true, false, nil, true, false, nil, true, false, true, false]),
        ]))
        for descending in [false, true] {
            let query = GoldQuery(join: nil, conditions: [], groupBy: ["x"], metrics: [.init(name: "rows", function: .countAll)],
                                  orderBy: [.init(column: "x", descending: descending)], limit: nil)
            let run = try fixture.expectAgreement(query, sql: "SELECT x, count(*) FROM {L} GROUP BY x ORDER BY x \(descending ? "DESC" : "")",
                                                  left: [path], "ORDER BY x \(descending ? "DESC" : "")")
            let first = GoldCell.rows(run.output).first?.first
            #expect(descending ? first == .double(.nan) : first == .double(-.infinity))
            let byFlag = GoldQuery(join: nil, conditions: [], groupBy: ["b"], metrics: [.init(name: "top", function: .max("x")), .init(name: "xs", function: .countDistinct("x"))],
                                   orderBy: [.init(column: "b", descending: descending)], limit: nil)
            try fixture.expectAgreement(byFlag, sql: "SELECT b, max(x), count(DISTINCT x) FROM {L} GROUP BY b ORDER BY b \(descending ? "DESC" : "")",
                                        left: [path], "ORDER BY b \(descending ? "DESC" : "")")
        }
    }

    @Test func stringsOrderByteWise() {
        let column = GoldColumns.strings(["b", "é", nil, "Z", "a", "", "ab", "a"])
        let keys = OutputOrdering.sortKeys(column)
        let present = keys.map(\.present)
        #expect(present == [true, true, false, true, true, true, true, true])
        let order = (0..<keys.count).filter { keys[$0].present }.sorted { keys[$0].image < keys[$1].image || (keys[$0].image == keys[$1].image && $0 < $1) }
        #expect(order == [5, 3, 4, 7, 6, 0, 1])
        #expect(keys[4].image == keys[7].image)
    }
}
