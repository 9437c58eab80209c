import Foundation
import Parquet
import Testing
import TestSupport
@testable import Transform

/// List columns can be counted, on either side of a join (held in the build side, gathered
/// per match), though not grouped, filtered or compared.
@Suite struct GoldListColumnTests {
    @Test func listsAreCountedThroughAJoin() throws {
        let fixture = try GoldFixture("lists")
        var random = SeededGenerator(seed: 5)
        var tags = ListColumnBuilder(elementType: .string)
        var ids: [Int64?] = [], groups: [String?] = []
        for row in 0..<3000 {
            ids.append(random.next() % 10 == 0 ? nil : Int64(row % 700))
            groups.append(["x", "y", nil][Int(random.next() % 3)])
            switch random.next() % 4 {
            case 0: tags.appendNull()
            case 1: tags.append([String?]())
            default: tags.append(["a", nil, "b\(row % 3)"])
            }
        }
        let left = try fixture.write("l", ParquetSchema([
            ParquetColumn(name: "id", type: .int64, nullable: true), ParquetColumn(name: "g", type: .string, nullable: true),
            ParquetColumn(name: "tags", type: .list(.string), nullable: true),
        ]), ColumnBatch([.int64s(ids), GoldColumns.strings(groups), .lists(tags.build())]))

        var scores = ListColumnBuilder(elementType: .int64)
        var rightIds: [Int64?] = []
        for id in 0..<2500 {
            rightIds.append(Int64(id % 600))
            if id % 5 == 0 { scores.appendNull() } else { scores.append((0..<(id % 4)).map { Int64($0 * id) } as [Int64?]) }
        }
        let right = try fixture.write("r", ParquetSchema([
            ParquetColumn(name: "id", type: .int64, nullable: true), ParquetColumn(name: "scores", type: .list(.int64), nullable: true),
        ]), ColumnBatch([.int64s(rightIds), .lists(scores.build())]), rowGroupBytes: 1 << 10)

        let query = GoldQuery(join: GoldQuery.Join(keys: [("id", "id")], kind: .left, clashPrefix: "r_"), conditions: [],
                              groupBy: ["g"], metrics: [.init(name: "rows", function: .countAll), .init(name: "t", function: .count("tags")),
                                                        .init(name: "s", function: .count("scores"))],
                              orderBy: [.init(column: "g", descending: false)], limit: nil)
        let run = try fixture.expectAgreement(query, sql: """
            SELECT g, count(*), count(tags), count(scores) FROM {L} l LEFT JOIN {R} r ON l.id = r.id GROUP BY g ORDER BY g
            """, left: [left], right: [right], "lists through a left join")
        #expect(run.output.rowCount == 3)
        #expect(try ParquetFileReader(path: right).rowGroupCount > 1)
    }
}
