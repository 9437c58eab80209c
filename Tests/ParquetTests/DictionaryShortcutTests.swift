import Foundation
import Testing
import TestSupport
@testable import Parquet

/// The writer's two dictionary shortcuts must not change what a reader sees: a value equal to
/// the one before skips the hash table, and a column that was near-unique in one row group
/// starts the next one PLAIN (probing again every `reprobeChunks` row groups).
@Suite struct DictionaryShortcutTests {
    private static func column(_ values: [String?]) -> ColumnValues {
        var column = ByteArrayColumn()
        for value in values {
            if let value { column.append(value) } else { column.appendNull() }
        }
        return .byteArrays(column)
    }

    /// Encodes each element of `chunks` as one column chunk of a single writer, as
    /// consecutive row groups do; returns whether each chunk got a dictionary page and
    /// whether it holds PLAIN data pages.
    private static func encodeChunks(_ chunks: [[String?]]) throws -> [(dictionary: Bool, plain: Bool)] {
        let options = ParquetWriterOptions()
        let writer = ByteArrayColumnWriter(levels: .flat(nullable: true), options: options,
                                           emitter: PageEmitter(compression: options.compression))
        return try chunks.map { values in
            try writer.append(column(values), range: 0..<values.count)
            let chunk = try writer.finish()
            #expect(chunk.numValues == values.count)
            return (!chunk.dictionaryPage.isEmpty, chunk.dataPagesByEncoding[Encoding.plain.rawValue] != nil)
        }
    }

    @Test func runsOfEqualValuesKeepTheirDictionaryIndices() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-runs")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Runs of one value, nulls inside runs, equal lengths with other bytes, the empty string.
        var values: [String?] = []
        for i in 0..<5_000 {
            let run = i / 7
            switch i % 13 {
            case 0: values.append(nil)
            case 5: values.append("")
            default: values.append(run % 2 == 0 ? "same-\(run % 50)" : "SAME-\(run % 50)")
            }
        }
        let constant = [String?](repeating: String(repeating: "e6148c0919d0ddc7", count: 4), count: 3_000)
        for (name, expected, entries) in [("runs", values, 51), ("constant", constant, 1)] {
            // "same-k" for even k < 50 (even runs), "SAME-k" for odd k, and ""; nulls take no entry.
            let path = dir.appendingPathComponent("\(name).parquet").path
            let writer = try ParquetWriter(sink: try FileOutputSink(path: path),
                                           schema: ParquetSchema([ParquetColumn(name: "s", type: .string, nullable: true)]))
            try writer.write(ColumnBatch([Self.column(expected)]))
            _ = try writer.close()
            let reader = try ParquetFileReader(path: path)
            guard case .byteArrays(let read) = try reader.readRowGroup(0).columns[0],
                  case .dictionaryCoded(let coded) = try reader.readRowGroupCoded(0)[0] else {
                Issue.record("\(name): not a dictionary-coded string column")
                continue
            }
            #expect(read.strings == expected, "\(name)")
            #expect(coded.dictionary.count == entries, "\(name)")
        }
    }

    @Test func aNearUniqueColumnStartsLaterChunksPlainAndProbesAgain() throws {
        let rows = DictionaryHeuristics.probeValues * 2
        let reprobe = DictionaryHeuristics.reprobeChunks
        let unique = (0...(reprobe + 1)).map { chunk in (0..<rows).map { Optional("key-\(chunk)-\($0)") } }
        let shapes = try Self.encodeChunks(unique)
        // Chunk 0 probes and falls back; the next ones start PLAIN; chunk `reprobe` probes again.
        #expect(shapes[0].dictionary && shapes[0].plain)
        for chunk in 1..<reprobe {
            #expect(!shapes[chunk].dictionary && shapes[chunk].plain, "chunk \(chunk) should start PLAIN")
        }
        #expect(shapes[reprobe].dictionary && shapes[reprobe].plain)
        #expect(!shapes[reprobe + 1].dictionary)
    }

    @Test func aColumnThatRepeatsAgainGetsItsDictionaryBackAtTheNextProbe() throws {
        let rows = DictionaryHeuristics.probeValues * 2
        let reprobe = DictionaryHeuristics.reprobeChunks
        let categories = (0..<rows).map { Optional("category-\($0 % 5)") }
        let chunks = [(0..<rows).map { Optional("key-\($0)") }] + Array(repeating: categories, count: reprobe + 1)
        let shapes = try Self.encodeChunks(chunks)
        #expect(!shapes[1].dictionary)
        #expect(shapes[reprobe].dictionary && !shapes[reprobe].plain)
        #expect(shapes[reprobe + 1].dictionary && !shapes[reprobe + 1].plain)
        // A dictionary that outgrew its size limit (not near-unique) does not start a streak.
        var options = ParquetWriterOptions()
        options.dictionaryPageSizeLimit = 4096
        let writer = ByteArrayColumnWriter(levels: .flat(nullable: false), options: options,
                                           emitter: PageEmitter(compression: options.compression))
        let wide = Self.column((0..<rows).map { "w-\($0 % 2_000)" })
        for _ in 0..<2 {
            try writer.append(wide, range: 0..<rows)
            #expect(try !writer.finish().dictionaryPage.isEmpty)
        }
    }

    /// Many row groups through the whole writer: near-unique, then repeating values; every
    /// value reads back, and the row groups between probes have no dictionary page.
    @Test func rowGroupsReadBackAcrossTheStreak() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-streak")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.parquet").path
        var options = ParquetWriterOptions()
        options.rowGroupSize = 1 << 20
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path),
                                       schema: ParquetSchema([ParquetColumn(name: "s", type: .string, nullable: true)]),
                                       options: options)
        var expected: [String?] = []
        for i in 0..<900_000 {
            expected.append(i % 97 == 0 ? nil : i < 700_000 ? "id-\(i * 7_919 % 700_000)" : "cat-\(i % 9)")
        }
        for start in stride(from: 0, to: expected.count, by: 65_536) {
            try writer.write(ColumnBatch([Self.column(Array(expected[start..<min(start + 65_536, expected.count)]))]))
        }
        _ = try writer.close()
        let reader = try ParquetFileReader(path: path)
        let footer = try reader.footer()
        #expect(footer.rowGroups.count > DictionaryHeuristics.reprobeChunks)
        var read: [String?] = []
        for group in footer.rowGroups.indices {
            guard case .byteArrays(let values) = try reader.readRowGroup(group).columns[0] else { continue }
            read += values.strings
        }
        #expect(read == expected)
        let dictionaries = footer.rowGroups.map { $0.columns[0].dictionaryPageOffset != nil }
        #expect(dictionaries[0] && dictionaries[DictionaryHeuristics.reprobeChunks])
        #expect(!dictionaries[1])
    }
}
