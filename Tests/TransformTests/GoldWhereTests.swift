import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Gold `where` conditions, every operator on every column type, select the same rows as
/// DuckDB's WHERE (compared through a grouped count and sum).
@Suite struct GoldWhereTests {
    typealias Case = (conditions: [GoldQuery.Condition], sql: String)

    static func cases() -> [Case] {
        let d0 = GoldTables.isoDate(19_010), d1 = GoldTables.isoDate(19_020), d2 = GoldTables.isoDate(19_031)
        func one(_ column: String, _ op: RowCondition.Operator, _ values: [String], _ sql: String) -> Case {
            ([GoldQuery.Condition(column: column, op: op, values: values)], sql)
        }
        return [
            one("day", .equal, [d0], "day = DATE '\(d0)'"),
            one("day", .notEqual, [d0], "day != DATE '\(d0)'"),
            one("day", .less, [d1], "day < DATE '\(d1)'"),
            one("day", .lessOrEqual, [d1], "day <= DATE '\(d1)'"),
            one("day", .greater, [d1], "day > DATE '\(d1)'"),
            one("day", .greaterOrEqual, [d2], "day >= DATE '\(d2)'"),
            one("day", .oneOf, [d0, d1, d2], "day IN (DATE '\(d0)', DATE '\(d1)', DATE '\(d2)')"),
            one("day", .isNull, [], "day IS NULL"),
            one("day", .isNotNull, [], "day IS NOT NULL"),
            one("region", .equal, ["west"], "region = 'west'"),
            one("region", .notEqual, ["west"], "region != 'west'"),
            one("region", .less, ["North"], "region < 'North'"),
            one("region", .lessOrEqual, ["east"], "region <= 'east'"),
            one("region", .greater, [""], "region > ''"),
            one("region", .greaterOrEqual, ["Z"], "region >= 'Z'"),
            one("region", .oneOf, ["west", "é", ""], "region IN ('west', 'é', '')"),
            one("region", .isNull, [], "region IS NULL"),
            one("region", .isNotNull, [], "region IS NOT NULL"),
            one("qty", .greater, ["100"], "qty > 100"),
            one("qty", .lessOrEqual, ["0"], "qty <= 0"),
            one("qty", .oneOf, ["1", "2", "3", "250"], "qty IN (1, 2, 3, 250)"),
            one("qty", .equal, ["7"], "qty = 7"),
            one("qty", .less, ["2.5"], "qty < 2.5"),
            one("small", .oneOf, ["-5", "10", "42"], "small IN (-5, 10, 42)"),
            one("small", .greaterOrEqual, ["500"], "small >= 500"),
            one("price", .less, ["0.5"], "price < 0.5"),
            one("price", .greaterOrEqual, ["10.25"], "price >= 10.25"),
            one("price", .equal, ["0"], "price = 0"),
            one("price", .notEqual, ["-500"], "price != -500"),
            one("price", .isNull, [], "price IS NULL"),
            one("ts", .greater, ["2022-01-08T12:00:00Z"], "ts > TIMESTAMPTZ '2022-01-08 12:00:00+00'"),
            one("ts", .lessOrEqual, ["2022-01-08T20:00:00+02:00"], "ts <= TIMESTAMPTZ '2022-01-08 18:00:00+00'"),
            one("flag", .equal, ["true"], "flag = true"),
            one("flag", .isNull, [], "flag IS NULL"),
            one("name", .oneOf, ["apple", "éclair"], "name IN ('apple', 'éclair')"),
            ([.init(column: "qty", op: .greater, values: ["0"]), .init(column: "region", op: .isNotNull, values: []),
              .init(column: "day", op: .less, values: [d2])],
             "qty > 0 AND region IS NOT NULL AND day < DATE '\(d2)'"),
        ]
    }

    @Test func everyOperatorAgreesWithDuckDB() throws {
        let fixture = try GoldFixture("where")
        let (schema, batch) = GoldTables.sales(rows: 3000, seed: 77)
        let path = try fixture.write("sales", schema, batch)
        let cases = Self.cases()
        let theirs = try GoldFixture.duckDB(cases.map {
            GoldFixture.sql("SELECT region, count(*), sum(qty), median(price) FROM {L} WHERE \($0.sql) GROUP BY region", left: [path])
        })
        var selective = 0
        for (index, item) in cases.enumerated() {
            let query = GoldQuery(join: nil, conditions: item.conditions, groupBy: ["region"],
                                  metrics: [.init(name: "rows", function: .countAll), .init(name: "s", function: .sum("qty")),
                                            .init(name: "m", function: .quantile("price", 0.5))],
                                  orderBy: [], limit: nil)
            let ours = GoldCell.rows(try fixture.run(query, left: [path]).output)
            GoldFixture.expectSameRows(ours, theirs[index], ordered: false, "WHERE \(item.sql)")
            let rows = ours.reduce(Int64(0)) { total, row in if case .int(let n) = row[1] { total + n } else { total } }
            if rows > 0 && rows < 3000 { selective += 1 }
        }
        // Every condition but the ones matching nothing by design keeps some rows and drops others.
        #expect(selective >= cases.count - 2)
    }

    @Test func conditionsOnlyReadTheirColumns() throws {
        let (schema, _) = GoldTables.sales(rows: 0, seed: 1)
        let query = GoldQuery(join: nil, conditions: [.init(column: "day", op: .isNull, values: [])], groupBy: [],
                              metrics: [.init(name: "rows", function: .countAll)], orderBy: [], limit: nil)
        let bound = try query.bind(left: schema, right: nil)
        #expect(bound.leftColumns == ["day"])
    }
}
