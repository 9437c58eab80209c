import Foundation
import StateMachine
import Transform

/// Gold tables declared under `gold` (DESIGN.md, "Silver and Gold semantics"): parsed and
/// checked here so mistakes surface in `medallion validate`; columns and types are checked
/// against the Silver schemas by `GoldPlanner`; `GoldStep` computes them.
public struct GoldConfig: Sendable, Equatable {
    public var tables: [GoldTable]
    /// Memory for the Gold step's hash state, in MiB (default 512), shared by the tables that
    /// run at once.
    public var memoryMB: Int

    public static let defaultMemoryMB = 512

    static func parse(_ object: inout StrictObject) throws -> GoldConfig {
        var tables: [GoldTable] = []
        for var item in try object.objects("tables") ?? [] {
            let table = try GoldTable.parse(&item)
            if tables.contains(where: { $0.name == table.name }) {
                throw item.fail("name", "'\(table.name)' names another table too; table names must be unique")
            }
            tables.append(table)
        }
        let memoryMB = try object.count("memory_mb") ?? defaultMemoryMB
        guard memoryMB >= 16 else { throw object.fail("memory_mb", "must be at least 16") }
        try object.finish()
        return GoldConfig(tables: tables, memoryMB: memoryMB)
    }

    /// Puts each table's metrics in the order the file lists them: output columns follow that
    /// order, as a SELECT list would. (The strict reader sees objects as unordered dictionaries;
    /// the engine's JSON parser keeps key order.)
    mutating func orderMetrics(asWrittenIn data: [UInt8]) {
        guard case .object(let root)? = try? JSONValue(parsing: Data(data)), case .object(let gold)? = root["gold"],
              case .array(let written)? = gold["tables"] else { return }
        for (index, item) in written.enumerated() where tables.indices.contains(index) {
            guard case .object(let table) = item, case .object(let metrics)? = table["metrics"] else { continue }
            let position = Dictionary(metrics.keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            tables[index].metrics.sort { (position[$0.name] ?? .max) < (position[$1.name] ?? .max) }
        }
    }
}

/// One Gold table: where its rows come from, which rows, grouped how, into which metrics.
public struct GoldTable: Sendable, Equatable {
    public var name: String
    /// `silver:<dataset>`; nil: this dataset's Silver.
    public var from: String?
    public var join: GoldJoin?
    public var filters: [GoldFilter]
    public var groupBy: [String]
    /// Metrics in the order the config lists them (output columns follow group_by in this order).
    public var metrics: [GoldMetric]
    public var orderBy: [GoldOrder]
    public var limit: Int?

    static func parse(_ item: inout StrictObject) throws -> GoldTable {
        let name = try item.requiredString("name")
        guard name.range(of: DatasetConfig.namePattern, options: .regularExpression) != nil else {
            throw item.fail("name", "'\(name)' must match \(DatasetConfig.namePattern)")
        }
        let from = try item.string("from")
        if let from { try GoldSource.check(from, item: item, key: "from") }
        var join: GoldJoin?
        if var object = try item.object("join") { join = try GoldJoin.parse(&object) }
        var filters: [GoldFilter] = []
        for var condition in try item.objects("where") ?? [] { filters.append(try GoldFilter.parse(&condition)) }
        let groupBy = try item.strings("group_by") ?? []
        if let repeated = groupBy.firstDuplicate() { throw item.fail("group_by", "'\(repeated)' is listed twice") }
        var metrics: [GoldMetric] = []
        if var object = try item.object("metrics") {
            for key in object.keys {
                guard let expression = try object.string(key) else { throw object.fail(key, "expected a metric such as \"count(*)\"") }
                do {
                    metrics.append(try GoldMetric.parse(name: key, expression: expression))
                } catch let error as GoldMetric.ParseError {
                    throw object.fail(key, error.message)
                }
                if groupBy.contains(key) { throw object.fail(key, "'\(key)' is also a group_by column; name the metric differently") }
            }
            try object.finish()
        }
        if metrics.isEmpty && groupBy.isEmpty { throw item.fail("metrics", "a table needs group_by, metrics or both") }
        let orderBy = try (item.strings("order_by") ?? []).enumerated().map { index, text in
            guard let order = GoldOrder(text) else {
                throw item.fail("order_by[\(index)]", "'\(text)' must be a column, optionally followed by asc or desc")
            }
            return order
        }
        let limit = try item.count("limit")
        if limit != nil && orderBy.isEmpty { throw item.fail("limit", "needs order_by (which rows come first must be defined)") }
        let outputs = Set(groupBy + metrics.map(\.name))
        for (index, order) in orderBy.enumerated() where !outputs.contains(order.column) {
            throw item.fail("order_by[\(index)]", "'\(order.column)' is not a group_by column or metric of this table")
        }
        try item.finish()
        return GoldTable(name: name, from: from, join: join, filters: filters, groupBy: groupBy, metrics: metrics,
                         orderBy: orderBy, limit: limit)
    }
}

/// `silver:<dataset>` references.
enum GoldSource {
    static func check(_ text: String, item: StrictObject, key: String) throws {
        guard text.hasPrefix("silver:"),
              String(text.dropFirst(7)).range(of: DatasetConfig.namePattern, options: .regularExpression) != nil else {
            throw item.fail(key, "'\(text)' must be silver:<dataset>")
        }
    }
}

/// `{"with": "silver:other", "on": {"left_col": "right_col"}, "type": "inner" | "left"}`.
public struct GoldJoin: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case inner, left }
    public var with: String
    /// Left column → right column, by left column name.
    public var on: [(left: String, right: String)]
    public var kind: Kind

    public init(with: String, on: [(left: String, right: String)], kind: Kind) {
        self.with = with
        self.on = on
        self.kind = kind
    }

    static func parse(_ object: inout StrictObject) throws -> GoldJoin {
        let with = try object.requiredString("with")
        try GoldSource.check(with, item: object, key: "with")
        guard var on = try object.object("on") else { throw object.fail("on", "is required: {\"left_column\": \"right_column\"}") }
        var pairs: [(left: String, right: String)] = []
        for key in on.keys {
            guard let right = try on.string(key) else { throw on.fail(key, "expected the right-hand column name") }
            pairs.append((key, right))
        }
        try on.finish()
        if pairs.isEmpty { throw object.fail("on", "needs at least one column pair") }
        let kindText = try object.string("type") ?? Kind.inner.rawValue
        guard let kind = Kind(rawValue: kindText) else {
            throw object.fail("type", "'\(kindText)' is not one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try object.finish()
        return GoldJoin(with: with, on: pairs, kind: kind)
    }

    public static func == (lhs: GoldJoin, rhs: GoldJoin) -> Bool {
        lhs.with == rhs.with && lhs.kind == rhs.kind && lhs.on.map(\.left) == rhs.on.map(\.left) && lhs.on.map(\.right) == rhs.on.map(\.right)
    }
}

/// One `where` condition: `{"column", "op", "value"}`; conditions combine with AND.
public struct GoldFilter: Sendable, Equatable {
    public typealias Operator = RowCondition.Operator
    public var column: String
    public var op: Operator
    /// The value as text (typed against the column when the table is planned); a list for `in`.
    public var values: [String]

    static func parse(_ object: inout StrictObject) throws -> GoldFilter {
        let column = try object.requiredString("column")
        let opText = try object.requiredString("op")
        guard let op = Operator(rawValue: opText.lowercased()) else {
            throw object.fail("op", "'\(opText)' is not one of \(Operator.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var values: [String] = []
        switch op {
        case .isNull, .isNotNull:
            break
        case .oneOf:
            guard let list = try object.scalars("value") else { throw object.fail("value", "is required for 'in' (a list)") }
            values = list
        default:
            guard let value = try object.scalar("value") else { throw object.fail("value", "is required for '\(op.rawValue)'") }
            values = [value]
        }
        try object.finish()
        return GoldFilter(column: column, op: op, values: values)
    }
}

/// `"col"` or `"col desc"`.
public struct GoldOrder: Sendable, Equatable {
    public var column: String
    public var descending: Bool

    public init(column: String, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = parts.first, parts.count <= 2 else { return nil }
        column = String(first)
        switch parts.count == 2 ? parts[1].lowercased() : "asc" {
        case "asc": descending = false
        case "desc": descending = true
        default: return nil
        }
    }
}
