import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Gold joins (inner and left; clashing names, duplicate and NULL keys, conditions on either
/// side) against DuckDB's JOIN on the same files.
@Suite struct GoldJoinTests {
    /// The joined row as the Gold config names it: right columns that clash get "p_".
    static func joined(_ kind: String, on: String = "l.product_id = r.product_id") -> String {
        """
        (SELECT l.*, r.product_id AS p_product_id, r.pid32, r.name AS p_name, r.category, r.weight, r.region AS p_region
         FROM {L} l \(kind) JOIN {R} r ON \(on))
        """
    }

    static let metrics: [GoldQuery.Metric] = [
        .init(name: "rows", function: .countAll), .init(name: "q", function: .sum("qty")),
        .init(name: "n_right", function: .count("p_product_id")), .init(name: "heaviest", function: .max("weight")),
        .init(name: "med_weight", function: .quantile("weight", 0.5)), .init(name: "names", function: .countDistinct("name")),
        .init(name: "first_p_name", function: .min("p_name")),
    ]
    static let metricsSQL = "count(*), sum(qty), count(p_product_id), max(weight), median(weight), count(DISTINCT name), min(p_name)"

    struct Inputs {
        let fixture: GoldFixture
        let sales: String
        /// Two part files, so the build side joins pieces.
        let products: [String]
    }

    static func inputs(_ label: String) throws -> Inputs {
        let fixture = try GoldFixture(label)
        let (salesSchema, sales) = GoldTables.sales(rows: 2500, seed: 21)
        let (productSchema, products) = GoldTables.products(seed: 22)
        let parts = [0..<30, 30..<products.rowCount].enumerated().map { index, rows in
            (index, ColumnBatch(products.columns.map { $0.gathered(rows.map { Int32($0) }) }))
        }
        return Inputs(fixture: fixture, sales: try fixture.write("sales", salesSchema, sales),
                      products: try parts.map { try fixture.write("products-\($0.0)", productSchema, $0.1) })
    }

    static func join(_ kind: GoldQuery.JoinKind, _ keys: [(left: String, right: String)] = [("product_id", "product_id")]) -> GoldQuery.Join {
        GoldQuery.Join(keys: keys, kind: kind, clashPrefix: "p_")
    }

    @Test(arguments: [GoldQuery.JoinKind.inner, .left])
    func groupedByRightColumnsWithDuplicateAndNullKeys(kind: GoldQuery.JoinKind) throws {
        let inputs = try Self.inputs("join-\(kind.rawValue)")
        let query = GoldQuery(join: Self.join(kind), conditions: [], groupBy: ["category", "p_name"], metrics: Self.metrics,
                              orderBy: [], limit: nil)
        let run = try inputs.fixture.expectAgreement(
            query, sql: "SELECT category, p_name, \(Self.metricsSQL) FROM \(Self.joined(kind == .inner ? "INNER" : "LEFT")) GROUP BY ALL",
            left: [inputs.sales], right: inputs.products, "\(kind) join")
        #expect(run.buildRows == 47)
        #expect(run.rowsRead == 2500 + 47)
        let bound = try query.bind(left: try GoldFixture.schema(of: inputs.sales), right: try GoldFixture.schema(of: inputs.products[0]))
        #expect(Set(bound.leftColumns) == ["product_id", "qty", "name"])
        #expect(Set(bound.rightColumns) == ["product_id", "name", "category", "weight"])
        #expect(bound.outputSchema.columns.map(\.name) == ["category", "p_name"] + Self.metrics.map(\.name))
    }

    @Test(arguments: [GoldQuery.JoinKind.inner, .left])
    func totalsGroupedByLeftColumns(kind: GoldQuery.JoinKind) throws {
        let inputs = try Self.inputs("join-total-\(kind.rawValue)")
        let sqlKind = kind == .inner ? "INNER" : "LEFT"
        let byRegion = GoldQuery(join: Self.join(kind), conditions: [], groupBy: ["region"], metrics: Self.metrics, orderBy: [], limit: nil)
        try inputs.fixture.expectAgreement(byRegion, sql: "SELECT region, \(Self.metricsSQL) FROM \(Self.joined(sqlKind)) GROUP BY region",
                                           left: [inputs.sales], right: inputs.products, "\(kind) join by region")
        let count = GoldQuery(join: Self.join(kind), conditions: [], groupBy: [], metrics: [.init(name: "rows", function: .countAll)],
                              orderBy: [], limit: nil)
        try inputs.fixture.expectAgreement(count, sql: "SELECT count(*) FROM \(Self.joined(sqlKind))",
                                           left: [inputs.sales], right: inputs.products, "\(kind) join count(*)")
    }

    @Test(arguments: [GoldQuery.JoinKind.inner, .left])
    func conditionsOnBothSides(kind: GoldQuery.JoinKind) throws {
        let inputs = try Self.inputs("join-where-\(kind.rawValue)")
        let sqlKind = kind == .inner ? "INNER" : "LEFT"
        let cases: [([GoldQuery.Condition], String)] = [
            ([.init(column: "category", op: .equal, values: ["A"])], "category = 'A'"),
            ([.init(column: "category", op: .isNull, values: [])], "category IS NULL"),
            ([.init(column: "p_product_id", op: .isNull, values: [])], "p_product_id IS NULL"),
            ([.init(column: "weight", op: .greater, values: ["40"]), .init(column: "qty", op: .greater, values: ["0"])],
             "weight > 40 AND qty > 0"),
            ([.init(column: "p_region", op: .oneOf, values: ["west", "é"]), .init(column: "region", op: .isNotNull, values: [])],
             "p_region IN ('west', 'é') AND region IS NOT NULL"),
            ([.init(column: "weight", op: .isNull, values: []), .init(column: "category", op: .isNull, values: [])],
             "weight IS NULL AND category IS NULL"),
        ]
        let theirs = try GoldFixture.duckDB(cases.map {
            GoldFixture.sql("SELECT region, category, \(Self.metricsSQL) FROM \(Self.joined(sqlKind)) WHERE \($0.1) GROUP BY ALL",
                            left: [inputs.sales], right: inputs.products)
        })
        for (index, item) in cases.enumerated() {
            let query = GoldQuery(join: Self.join(kind), conditions: item.0, groupBy: ["region", "category"], metrics: Self.metrics,
                                  orderBy: [], limit: nil)
            let ours = try inputs.fixture.run(query, left: [inputs.sales], right: inputs.products)
            GoldFixture.expectSameRows(GoldCell.rows(ours.output), theirs[index], ordered: false, "\(kind) join WHERE \(item.1)")
            #expect(kind == .left || item.1 != "p_product_id IS NULL" || ours.output.rowCount == 0)
        }
    }

    @Test func twoKeysAndAnInt32KeyWidened() throws {
        let inputs = try Self.inputs("join-keys")
        let twoKeys = GoldQuery(join: Self.join(.inner, [("product_id", "product_id"), ("region", "region")]), conditions: [],
                                groupBy: ["region"], metrics: Self.metrics, orderBy: [], limit: nil)
        try inputs.fixture.expectAgreement(
            twoKeys, sql: "SELECT region, \(Self.metricsSQL) FROM \(Self.joined("INNER", on: "l.product_id = r.product_id AND l.region = r.region")) GROUP BY region",
            left: [inputs.sales], right: inputs.products, "two keys")
        let widened = GoldQuery(join: Self.join(.left, [("product_id", "pid32")]), conditions: [], groupBy: ["category"],
                                metrics: Self.metrics, orderBy: [], limit: nil)
        try inputs.fixture.expectAgreement(
            widened, sql: "SELECT category, \(Self.metricsSQL) FROM \(Self.joined("LEFT", on: "l.product_id = r.pid32")) GROUP BY category",
            left: [inputs.sales], right: inputs.products, "int64 = int32")
    }

    @Test func emptyRightInput() throws {
        let inputs = try Self.inputs("join-empty")
        let (schema, _) = GoldTables.products(seed: 1)
        let empty = try inputs.fixture.write("none", schema, ColumnBatch([.int64s([]), .int32s([]), .byteArrays(ByteArrayColumn()),
                                                                            .byteArrays(ByteArrayColumn()), .doubles([]), .byteArrays(ByteArrayColumn())]))
        for kind in [GoldQuery.JoinKind.inner, .left] {
            let query = GoldQuery(join: Self.join(kind), conditions: [], groupBy: ["category"], metrics: Self.metrics, orderBy: [], limit: nil)
            let run = try inputs.fixture.expectAgreement(
                query, sql: "SELECT category, \(Self.metricsSQL) FROM \(Self.joined(kind == .inner ? "INNER" : "LEFT")) GROUP BY category",
                left: [inputs.sales], right: [empty], "\(kind) join, empty right")
            #expect(run.output.rowCount == (kind == .inner ? 0 : 1))
        }
    }

    @Test func doubleKeysJoinZerosAndNaNs() throws {
        let fixture = try GoldFixture("join-doubles")
        let schema = ParquetSchema([ParquetColumn(name: "x", type: .double, nullable: true), ParquetColumn(name: "tag", type: .string, nullable: true)])
        let left = try fixture.write("l", schema, ColumnBatch([.doubles([0.0, -0.0, .nan, -.nan, nil, 1.5]), GoldColumns.strings(["a", "b", "c", "d", "e", "f"])]))
        let right = try fixture.write("r", schema, ColumnBatch([.doubles([-0.0, .nan, nil, 2]), GoldColumns.strings(["w", "x", "y", "z"])]))
        let query = GoldQuery(join: GoldQuery.Join(keys: [("x", "x")], kind: .left, clashPrefix: "r_"), conditions: [],
                              groupBy: ["tag", "r_tag"], metrics: [.init(name: "rows", function: .countAll)], orderBy: [], limit: nil)
        let run = try fixture.expectAgreement(query, sql: """
            SELECT l.tag, r.tag AS r_tag, count(*) FROM {L} l LEFT JOIN {R} r ON l.x = r.x GROUP BY ALL
            """, left: [left], right: [right], "double keys")
        #expect(run.output.rowCount == 6)
    }
}
