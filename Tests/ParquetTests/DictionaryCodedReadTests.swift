import Foundation
import Testing
import TestSupport
@testable import Parquet

/// `readRowGroupCoded` gives the values `readRowGroup` gives: dictionary and codes where every
/// data page of a chunk is dictionary-encoded (nulls as -1), the decoded values where a writer
/// fell back to PLAIN part-way through the chunk.
@Suite struct DictionaryCodedReadTests {
    /// pyarrow with a dictionary page limit small enough that the high-cardinality columns
    /// fall back to PLAIN after their first pages, while the low-cardinality ones stay coded.
    static let pyarrowWrite = """
    import sys, datetime
    import pyarrow as pa, pyarrow.parquet as pq
    n = 6000
    cols = {
        "lo": pa.array([None if i % 9 == 0 else "kind-" + str(i % 13) for i in range(n)], pa.string()),
        "hi": pa.array([None if i % 11 == 0 else "value-%06d" % i for i in range(n)], pa.string()),
        "lo_int": pa.array([i % 17 - 8 for i in range(n)], pa.int32()),
        "hi_int": pa.array([None if i % 5 == 0 else i * 7919 for i in range(n)], pa.int64()),
        "day": pa.array([None if i % 4 == 0 else datetime.date(2000, 1, 1) + datetime.timedelta(days=i % 40) for i in range(n)], pa.date32()),
        "x": pa.array([None if i % 6 == 0 else (i % 23) / 4 - 2 for i in range(n)], pa.float64()),
        "flag": pa.array([None if i % 3 == 0 else i % 2 == 0 for i in range(n)], pa.bool_()),
    }
    table = pa.table(cols)
    table = table.cast(table.schema.set(2, pa.field("lo_int", pa.int32(), nullable=False)))
    pq.write_table(table, sys.argv[1], compression="zstd", use_dictionary=True, dictionary_pagesize_limit=2048,
                   data_page_size=1024, row_group_size=2500, data_page_version=sys.argv[2])
    """

    /// Value `row` of `column` as text (nil for null), to compare across column kinds.
    static func text(_ column: ColumnValues, _ row: Int) -> String? {
        switch column {
        case .booleans(let v): return v[row].map { "\($0)" }
        case .int32s(let v), .dates(let v): return v[row].map { "\($0)" }
        case .int64s(let v), .timestampsMicros(let v): return v[row].map { "\($0)" }
        case .doubles(let v): return v[row].map { "\($0)" }
        case .byteArrays(let v): return v[row]
        case .lists: return "<list>"
        }
    }

    /// Value `row` of `column` as read coded, as text.
    static func text(_ column: DecodedColumn, _ row: Int) -> String? {
        switch column {
        case .values(let values): return text(values, row)
        case .dictionaryCoded(let coded):
            let code = Int(coded.codes[row])
            return code < 0 ? nil : text(coded.dictionary, code)
        }
    }

    /// Compares every row group's coded read with its plain read; returns how many chunks
    /// came back coded and how many as values.
    static func compare(_ path: String) throws -> (coded: Int, values: Int) {
        let reader = try ParquetFileReader(path: path)
        var coded = 0, values = 0
        for group in 0..<reader.rowGroupCount {
            let plain = try reader.readRowGroup(group)
            let decoded = try reader.readRowGroupCoded(group)
            #expect(decoded.count == plain.columns.count)
            for (index, (mine, reference)) in zip(decoded, plain.columns).enumerated() {
                #expect(mine.count == reference.count)
                #expect(mine.parquetType == reference.parquetType)
                if case .dictionaryCoded(let column) = mine {
                    coded += 1
                    #expect(column.codes.allSatisfy { $0 >= -1 && Int($0) < column.dictionary.count })
                    #expect(column.dictionary.nullCount == 0)
                } else {
                    values += 1
                }
                for row in 0..<reference.count where text(mine, row) != text(reference, row) {
                    Issue.record("row group \(group) column \(reader.schema.columns[index].name) row \(row): coded \(text(mine, row) ?? "NULL"), plain \(text(reference, row) ?? "NULL")")
                    break
                }
            }
        }
        return (coded, values)
    }

    @Test(arguments: ["1.0", "2.0"])
    func pyarrowFileWithAPlainFallbackPartWay(pageVersion: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-coded")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fallback.parquet").path
        let result = try runPython(Self.pyarrowWrite, [path, pageVersion])
        #expect(result.status == 0, "pyarrow failed: \(result.stderr)")
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroupCount == 3)
        // The high-cardinality chunks really mix dictionary-encoded and PLAIN data pages.
        let footer = try reader.footer()
        let hi = try #require(reader.schema.columns.firstIndex { $0.name == "hi" })
        let stats = footer.rowGroups[0].columns[hi].encodingStats.filter { $0.pageType != 2 }.map(\.encoding)
        #expect(stats.contains(8) && stats.contains(0), "hi's data page encodings: \(stats)")

        let (coded, values) = try Self.compare(path)
        #expect(coded > 0 && values > 0)
        let first = try reader.readRowGroupCoded(0, columns: ["lo", "hi", "lo_int", "day", "flag"])
        guard case .dictionaryCoded(let lo) = first[0] else { Issue.record("lo not coded"); return }
        #expect(lo.codes.contains(-1))
        if case .dictionaryCoded = first[1] { Issue.record("hi read coded although it fell back to PLAIN") }
        if case .values = first[2] { Issue.record("lo_int (required) not coded") }
        if case .values = first[3] { Issue.record("day not coded") }
    }

    @Test func ownWriterFilesWithAndWithoutDictionaries() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-coded-own")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = 5000
        let schema = ParquetSchema([
            ParquetColumn(name: "s", type: .string, nullable: true),
            ParquetColumn(name: "n", type: .int64, nullable: false),
            ParquetColumn(name: "d", type: .date, nullable: true),
            ParquetColumn(name: "u", type: .string, nullable: true),
        ])
        var s = ByteArrayColumn(), u = ByteArrayColumn()
        for i in 0..<rows {
            if i % 7 == 0 { s.appendNull() } else { s.append("s\(i % 31)") }
            if i % 10 == 0 { u.appendNull() } else { u.append("unique-\(i)-\(String(repeating: "x", count: i % 40))") }
        }
        let batch = ColumnBatch([.byteArrays(s), .int64s((0..<rows).map { Int64($0 % 5) }),
                                 .dates((0..<rows).map { $0 % 3 == 0 ? nil : Int32($0 % 300) }), .byteArrays(u)])
        for dictionary in [true, false] {
            let path = dir.appendingPathComponent("own-\(dictionary).parquet").path
            var options = ParquetWriterOptions()
            options.dictionaryEnabled = dictionary
            options.dictionaryPageSizeLimit = 4096
            options.dataPageSize = 2048
            options.rowGroupSize = 64 << 10
            let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
            try writer.write(batch)
            _ = try writer.close()
            let (coded, values) = try Self.compare(path)
            #expect(try ParquetFileReader(path: path).rowGroupCount > 1)
            #expect(dictionary ? coded > 0 : coded == 0)
            #expect(values > 0)
        }
    }
}
