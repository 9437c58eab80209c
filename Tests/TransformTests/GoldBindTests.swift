import Foundation
import Parquet
import Testing
@testable import Transform

/// `GoldQuery.bind` rejects what does not fit the schemas, naming the config field at fault.
@Suite struct GoldBindTests {
    static let left = ParquetSchema([
        ParquetColumn(name: "id", type: .int64, nullable: false), ParquetColumn(name: "region", type: .string, nullable: true),
        ParquetColumn(name: "amount", type: .double, nullable: true), ParquetColumn(name: "day", type: .date, nullable: true),
        ParquetColumn(name: "tags", type: .list(.string), nullable: true), ParquetColumn(name: "code", type: .string, nullable: true),
        ParquetColumn(name: "n32", type: .int32, nullable: true), ParquetColumn(name: "r_id", type: .int64, nullable: true),
    ])
    static let right = ParquetSchema([
        ParquetColumn(name: "id", type: .int64, nullable: true), ParquetColumn(name: "code", type: .int64, nullable: true),
        ParquetColumn(name: "label", type: .string, nullable: true), ParquetColumn(name: "when", type: .timestampMicros, nullable: true),
    ])

    static func query(join: GoldQuery.Join? = nil, where conditions: [GoldQuery.Condition] = [], groupBy: [String] = [],
                      metrics: [GoldQuery.Metric] = [.init(name: "rows", function: .countAll)], orderBy: [GoldQuery.Order] = []) -> GoldQuery {
        GoldQuery(join: join, conditions: conditions, groupBy: groupBy, metrics: metrics, orderBy: orderBy, limit: nil)
    }

    static func field(of query: GoldQuery, joined: Bool = false) -> (field: String, message: String)? {
        do {
            _ = try query.bind(left: left, right: joined ? right : nil)
            return nil
        } catch TransformError.invalidQuery(let field, let message) {
            return (field, message)
        } catch {
            return ("unexpected \(error)", "")
        }
    }

    static let join = GoldQuery.Join(keys: [("id", "id")], kind: .inner, clashPrefix: "r_")

    @Test func errorsNameTheField() throws {
        let cases: [(GoldQuery, Bool, String, String)] = [
            (Self.query(where: [.init(column: "nope", op: .isNull, values: [])]), false, "where[0]", "nope"),
            (Self.query(where: [.init(column: "id", op: .isNull, values: []), .init(column: "amount", op: .equal, values: ["abc"])]), false, "where[1]", "abc"),
            (Self.query(where: [.init(column: "day", op: .less, values: ["2024-02-30"])]), false, "where[0]", "2024-02-30"),
            (Self.query(where: [.init(column: "tags", op: .isNull, values: [])]), false, "where[0]", "tags"),
            (Self.query(where: [.init(column: "id", op: .equal, values: [])]), false, "where[0]", "="),
            (Self.query(groupBy: ["region", "missing"]), false, "group_by[1]", "missing"),
            (Self.query(groupBy: ["tags"]), false, "group_by[0]", "tags"),
            (Self.query(groupBy: ["region", "region"]), false, "group_by[1]", "region"),
            (Self.query(metrics: [.init(name: "total", function: .sum("region"))]), false, "metrics.total", "region"),
            (Self.query(metrics: [.init(name: "mean", function: .avg("day"))]), false, "metrics.mean", "day"),
            (Self.query(metrics: [.init(name: "med", function: .quantile("day", 0.5))]), false, "metrics.med", "day"),
            (Self.query(metrics: [.init(name: "p", function: .quantile("region", 0.9))]), false, "metrics.p", "region"),
            (Self.query(metrics: [.init(name: "p", function: .quantile("amount", 1.5))]), false, "metrics.p", "1.5"),
            (Self.query(metrics: [.init(name: "lo", function: .min("tags"))]), false, "metrics.lo", "tags"),
            (Self.query(metrics: [.init(name: "c", function: .count("ghost"))]), false, "metrics.c", "ghost"),
            (Self.query(groupBy: ["region"], metrics: [.init(name: "region", function: .countAll)]), false, "metrics.region", "region"),
            (Self.query(metrics: [.init(name: "a", function: .countAll), .init(name: "a", function: .max("id"))]), false, "metrics.a", "'a'"),
            (Self.query(groupBy: ["region"], orderBy: [.init(column: "rows", descending: false), .init(column: "amount", descending: true)]),
             false, "order_by[1]", "amount"),
            (Self.query(join: GoldQuery.Join(keys: [("code", "code")], kind: .inner, clashPrefix: "r_")), true, "join.on.code", "int64"),
            (Self.query(join: GoldQuery.Join(keys: [("id", "id"), ("day", "when")], kind: .left, clashPrefix: "r_")), true, "join.on.day", "date"),
            (Self.query(join: GoldQuery.Join(keys: [("ghost", "id")], kind: .inner, clashPrefix: "r_")), true, "join.on.ghost", "ghost"),
            (Self.query(join: GoldQuery.Join(keys: [("id", "ghost")], kind: .inner, clashPrefix: "r_")), true, "join.on.id", "ghost"),
            (Self.query(join: GoldQuery.Join(keys: [("tags", "label")], kind: .inner, clashPrefix: "r_")), true, "join.on.tags", "list"),
            (Self.query(join: Self.join, groupBy: ["r_id"]), true, "group_by[0]", "ambiguous"),
            (Self.query(join: Self.join), false, "join", "right"),
            (Self.query(), true, "join", "right"),
            (Self.query(metrics: []), false, "metrics", "group_by"),
        ]
        for (query, joined, field, mention) in cases {
            let failure = Self.field(of: query, joined: joined)
            #expect(failure?.field == field, "expected \(field), got \(String(describing: failure))")
            #expect(failure?.message.contains(mention) == true, "\(field): '\(failure?.message ?? "")' does not mention \(mention)")
        }
        let error = TransformError.invalidQuery(field: "metrics.total", message: "sum is not defined")
        #expect(error.description == "metrics.total: sum is not defined")
    }

    @Test func joinedNamesResolveAndOnlyUsedColumnsAreRead() throws {
        let query = Self.query(join: GoldQuery.Join(keys: [("id", "id"), ("n32", "code")], kind: .left, clashPrefix: "x_"),
                               where: [.init(column: "x_code", op: .greater, values: ["3"]), .init(column: "when", op: .greater, values: ["2024-01-01T00:00:00Z"])],
                               groupBy: ["label", "x_id"], metrics: [.init(name: "rows", function: .countAll), .init(name: "m", function: .max("amount"))],
                               orderBy: [.init(column: "m", descending: true)])
        let bound = try query.bind(left: Self.left, right: Self.right)
        #expect(bound.leftColumns == ["id", "n32", "amount"])
        #expect(bound.rightColumns == ["id", "code", "when", "label"])
        #expect(bound.outputSchema == ParquetSchema([
            ParquetColumn(name: "label", type: .string, nullable: true), ParquetColumn(name: "x_id", type: .int64, nullable: true),
            ParquetColumn(name: "rows", type: .int64, nullable: false), ParquetColumn(name: "m", type: .double, nullable: true),
        ]))
        // A right column without a clash keeps its name; the prefix is only for clashes.
        #expect(Self.field(of: Self.query(join: Self.join, groupBy: ["r_label"]), joined: true)?.field == "group_by[0]")
    }
}
