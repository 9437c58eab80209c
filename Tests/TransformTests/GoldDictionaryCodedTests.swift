import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// Gold over dictionary-coded Silver agrees with DuckDB: dictionaries that differ from row group
/// to row group and from file to file, NULL group keys, `count_distinct` with NULLs, keys
/// mixing a coded string and an int, `where` judged on codes, and chunks that fell back to
/// PLAIN beside coded ones (the same column coded in one row group, plain in the next).
@Suite struct GoldDictionaryCodedTests {
    static let schema = ParquetSchema([
        ParquetColumn(name: "category", type: .string, nullable: true),
        ParquetColumn(name: "kind", type: .int32, nullable: false),
        ParquetColumn(name: "form", type: .string, nullable: true),
        ParquetColumn(name: "start", type: .date, nullable: true),
        ParquetColumn(name: "end", type: .date, nullable: true),
        ParquetColumn(name: "amount", type: .int64, nullable: true),
        ParquetColumn(name: "score", type: .double, nullable: true),
    ])

    /// `rows` rows whose categories drift with the row number (each row group sees a different
    /// set, so its dictionary differs), and whose forms turn unique from `uniqueFormsFrom` on
    /// (that column's dictionary outgrows the writer's limit there and falls back to PLAIN).
    static func batch(rows: Int, offset: Int, seed: UInt64, uniqueFormsFrom: Int) -> ColumnBatch {
        var random = SeededGenerator(seed: seed)
        var category: [String?] = [], form: [String?] = []
        var kind: [Int32?] = [], start: [Int32?] = [], end: [Int32?] = [], amount: [Int64?] = [], score: [Double?] = []
        for row in 0..<rows {
            let r = random.next()
            let drift = (row + offset) / 700
            category.append(r % 10 == 0 ? nil : "cat-\(drift + Int(r % 5))")
            kind.append(Int32(r >> 8 % 4))
            if row >= uniqueFormsFrom {
                form.append(r % 13 == 0 ? nil : "form-\(row + offset)-\(String(repeating: "z", count: Int(r >> 16 % 30)))")
            } else {
                form.append(r % 13 == 0 ? nil : ["TABLET", "CAPSULE", "Tablet", "", "SOLUTION", "é"][Int(r >> 20 % 6)])
            }
            start.append(r >> 24 % 9 == 0 ? nil : Int32(15_000 + Int(r >> 28 % 400)))
            end.append(r >> 32 % 3 == 0 ? Int32(18_000 + Int(r >> 36 % 50)) : nil)
            amount.append(r >> 40 % 11 == 0 ? nil : Int64(r >> 44 % 1000) - 200)
            score.append(r >> 50 % 7 == 0 ? nil : Double(Int64(r >> 52 % 64)) / 8)
        }
        return ColumnBatch([GoldColumns.strings(category), .int32s(kind), GoldColumns.strings(form), .dates(start), .dates(end),
                            .int64s(amount), .doubles(score)])
    }

    /// Two files of several row groups each; `form` falls back to PLAIN part-way through the
    /// second. Checks that both coded and plain chunks are really there.
    static func files(_ fixture: GoldFixture) throws -> [String] {
        var paths: [String] = []
        for (index, batch) in [batch(rows: 4000, offset: 0, seed: 7, uniqueFormsFrom: .max),
                               batch(rows: 5000, offset: 2500, seed: 8, uniqueFormsFrom: 3000)].enumerated() {
            let path = fixture.directory.appendingPathComponent("silver-\(index).parquet").path
            var options = ParquetWriterOptions()
            options.rowGroupSize = 16 << 10
            options.dictionaryPageSizeLimit = 8 << 10
            options.dataPageSize = 4 << 10
            let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
            try writer.write(batch)
            _ = try writer.close()
            paths.append(path)
        }
        var codedCategories = 0, codedForms = 0, plainForms = 0
        for path in paths {
            let reader = try ParquetFileReader(path: path)
            #expect(reader.rowGroupCount >= 3)
            for group in 0..<reader.rowGroupCount {
                let columns = try reader.readRowGroupCoded(group, columns: ["category", "form"])
                if case .dictionaryCoded = columns[0] { codedCategories += 1 }
                if case .dictionaryCoded = columns[1] { codedForms += 1 } else { plainForms += 1 }
            }
        }
        #expect(codedCategories >= 6 && codedForms >= 3 && plainForms >= 1,
                "coded categories \(codedCategories), coded forms \(codedForms), plain forms \(plainForms)")
        return paths
    }

    @Test func groupByACodedStringWithNullKeysAgainstDuckDB() throws {
        let fixture = try GoldFixture("coded-string")
        let paths = try Self.files(fixture)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["category"], metrics: [
            .init(name: "rows", function: .countAll), .init(name: "starts", function: .count("start")),
            .init(name: "first", function: .min("start")), .init(name: "last", function: .max("start")),
            .init(name: "forms", function: .countDistinct("form")), .init(name: "min_form", function: .min("form")),
            .init(name: "max_form", function: .max("form")), .init(name: "total", function: .sum("amount")),
            .init(name: "mean", function: .avg("score")), .init(name: "median", function: .quantile("amount", 0.5)),
            .init(name: "kinds", function: .countDistinct("kind")), .init(name: "max_kind", function: .max("kind")),
        ], orderBy: [.init(column: "category", descending: false)], limit: nil)
        let run = try fixture.expectAgreement(query, sql: """
            SELECT category, count(*), count(start), min(start), max(start), count(DISTINCT form), min(form), max(form),
                   sum(amount), avg(score), median(amount), count(DISTINCT kind), max(kind)
            FROM {L} GROUP BY category ORDER BY category NULLS LAST
            """, left: paths, "group by a coded string")
        #expect(GoldCell.rows(run.output).contains { $0[0] == .null })
    }

    @Test func whereIsNullAndCountDistinctOfACodedStringAgainstDuckDB() throws {
        let fixture = try GoldFixture("coded-where")
        let paths = try Self.files(fixture)
        let query = GoldQuery(join: nil, conditions: [.init(column: "end", op: .isNull, values: [])], groupBy: ["form"], metrics: [
            .init(name: "rows", function: .countAll), .init(name: "categories", function: .countDistinct("category")),
            .init(name: "first", function: .min("start")), .init(name: "last", function: .max("start")),
        ], orderBy: [.init(column: "rows", descending: true), .init(column: "form", descending: false)], limit: 50)
        try fixture.expectAgreement(query, sql: """
            SELECT form, count(*) AS rows, count(DISTINCT category), min(start), max(start) FROM {L} WHERE "end" IS NULL
            GROUP BY form ORDER BY rows DESC, form NULLS LAST LIMIT 50
            """, left: paths, "where end is null, group by form")
    }

    @Test func conditionsOnCodedColumnsAgainstDuckDB() throws {
        let fixture = try GoldFixture("coded-conditions")
        let paths = try Self.files(fixture)
        let cases: [(GoldQuery.Condition, String)] = [
            (.init(column: "end", op: .isNotNull, values: []), "\"end\" IS NOT NULL"),
            (.init(column: "category", op: .oneOf, values: ["cat-1", "cat-3", "cat-9"]), "category IN ('cat-1', 'cat-3', 'cat-9')"),
            (.init(column: "category", op: .notEqual, values: ["cat-2"]), "category <> 'cat-2'"),
            (.init(column: "start", op: .greaterOrEqual, values: ["2011-06-01"]), "start >= DATE '2011-06-01'"),
            (.init(column: "form", op: .less, values: ["TABLET"]), "form < 'TABLET'"),
        ]
        for (condition, sql) in cases {
            let query = GoldQuery(join: nil, conditions: [condition, .init(column: "kind", op: .notEqual, values: ["3"])],
                                  groupBy: ["category"], metrics: [
                                    .init(name: "rows", function: .countAll), .init(name: "forms", function: .countDistinct("form")),
                                    .init(name: "ends", function: .count("end")),
                                  ], orderBy: [], limit: nil)
            try fixture.expectAgreement(query, sql: """
                SELECT category, count(*), count(DISTINCT form), count("end") FROM {L} WHERE \(sql) AND kind <> 3 GROUP BY category
                """, left: paths, "where \(sql)")
        }
    }

    @Test func keysMixingACodedStringAndAnIntAgainstDuckDB() throws {
        let fixture = try GoldFixture("coded-keys")
        let paths = try Self.files(fixture)
        let query = GoldQuery(join: nil, conditions: [], groupBy: ["category", "kind", "form"], metrics: [
            .init(name: "rows", function: .countAll), .init(name: "days", function: .countDistinct("start")),
            .init(name: "total", function: .sum("amount")), .init(name: "top", function: .max("score")),
        ], orderBy: [], limit: nil)
        try fixture.expectAgreement(query, sql: """
            SELECT category, kind, form, count(*), count(DISTINCT start), sum(amount), max(score) FROM {L} GROUP BY ALL
            """, left: paths, "group by category, kind, form")
        let twoKeys = GoldQuery(join: nil, conditions: [], groupBy: ["kind", "category"], metrics: [
            .init(name: "rows", function: .countAll), .init(name: "forms", function: .countDistinct("form")),
        ], orderBy: [], limit: nil)
        try fixture.expectAgreement(twoKeys, sql: """
            SELECT kind, category, count(*), count(DISTINCT form) FROM {L} GROUP BY ALL
            """, left: paths, "group by kind, category")
    }

    @Test func codedAndPlainReadsGiveTheSameGroups() throws {
        // The same rows aggregated from coded columns and from their materialised values.
        let fixture = try GoldFixture("coded-plain")
        let paths = try Self.files(fixture)
        let reader = try ParquetFileReader(path: paths[1])
        let inputSchema = try reader.schema(columns: ["category", "form", "start"])
        let spec = AggregateSpec(groupBy: [0], metrics: [
            .init(name: "rows", function: .countAll), .init(name: "forms", function: .countDistinct(1)),
            .init(name: "first", function: .min(2)), .init(name: "n", function: .count(2)),
        ])
        let coded = try HashAggregate(spec: spec, inputSchema: inputSchema, memoryBudgetBytes: 64 << 20)
        let plain = try HashAggregate(spec: spec, inputSchema: inputSchema, memoryBudgetBytes: 64 << 20)
        for group in 0..<reader.rowGroupCount {
            let columns = try reader.readRowGroupCoded(group, columns: ["category", "form", "start"])
            try coded.add(columns: columns, rowCount: columns[0].count)
            try plain.add(ColumnBatch(columns.map(\.materialized)))
        }
        let ours = GoldCell.rows(try coded.finish().batch), reference = GoldCell.rows(try plain.finish().batch)
        GoldFixture.expectSameRows(ours, reference, ordered: true, "coded vs plain, groups in first-seen order")
    }
}
