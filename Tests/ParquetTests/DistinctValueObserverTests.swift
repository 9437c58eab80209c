import Foundation
import Testing
import TestSupport
@testable import Parquet

/// The writer must show an observer every non-null value of its column at least once, however
/// the chunk is encoded: dictionary, dictionary then PLAIN (the page limit), PLAIN from the
/// start (a column near-unique in the row group before), and on several encoding threads.
@Suite struct DistinctValueObserverTests {
    final class Recorder: DistinctValueObserver {
        var seen = Set<String>()
        var calls = 0
        func observe(_ value: UnsafeRawBufferPointer) {
            seen.insert(String(decoding: value, as: UTF8.self))
            calls += 1
        }
    }

    /// Column 0 repeats 40 values; column 1 is unique (near-unique → PLAIN, and PLAIN from the
    /// start of later row groups); column 2 grows past a small dictionary page limit mid-chunk.
    private static func values(_ rows: Range<Int>) -> [[String?]] {
        [rows.map { $0 % 11 == 0 ? nil : "code-\($0 % 40)" },
         rows.map { $0 % 17 == 0 ? nil : "id-\($0 * 7919)" },
         rows.map { $0 % 5 == 0 ? "" : "grow-\($0 / 3)" }]
    }

    @Test(arguments: [1, 2, 3])
    func everyValueIsSeenAndRepeatsMostlyNot(threads: Int) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-observer")
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = ParquetWriterOptions()
        options.encodingThreads = threads
        options.rowGroupSize = 256 * 1024
        options.dictionaryPageSizeLimit = 64 * 1024
        let schema = ParquetSchema([ParquetColumn(name: "code", type: .string, nullable: true),
                                    ParquetColumn(name: "id", type: .string, nullable: true),
                                    ParquetColumn(name: "grow", type: .string, nullable: false),
                                    ParquetColumn(name: "n", type: .int64, nullable: false)])
        let recorders = [Recorder(), Recorder(), Recorder()]
        let path = dir.appendingPathComponent("observed.parquet").path
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options,
                                       observers: [0: recorders[0], 1: recorders[1], 2: recorders[2]])
        let total = 120_000
        var expected: [Set<String>] = [[], [], []]
        for start in stride(from: 0, to: total, by: 10_000) {
            let rows = start..<min(start + 10_000, total)
            let columns = Self.values(rows)
            for (index, column) in columns.enumerated() { expected[index].formUnion(column.compactMap { $0 }) }
            var batch = columns.map { column -> ColumnValues in
                var values = ByteArrayColumn()
                for value in column {
                    if let value { values.append(value) } else { values.appendNull() }
                }
                return .byteArrays(values)
            }
            batch.append(.int64s(rows.map { Int64($0) }))
            try writer.write(ColumnBatch(batch))
        }
        let summary = try writer.close()
        #expect(summary.rowGroups > 2)
        for index in 0..<3 { #expect(recorders[index].seen == expected[index], "column \(index)") }
        // The repeating column is seen per distinct value per chunk, not per row.
        #expect(recorders[0].calls <= 40 * summary.rowGroups)
        // The file itself is what a reader expects.
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == Int64(total))
        let encodings = try reader.footer().rowGroups.map { $0.columns[1].encodings }
        #expect(encodings.contains { $0.contains(Encoding.plain.rawValue) })
    }

    @Test func anObserverNeedsAFlatStringColumn() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-observer-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = ParquetSchema([ParquetColumn(name: "n", type: .int64, nullable: false)])
        for index in [0, 1] {
            #expect(throws: ParquetError.self) {
                _ = try ParquetWriter(sink: try FileOutputSink(path: dir.appendingPathComponent("bad.parquet").path),
                                      schema: schema, observers: [index: Recorder()])
            }
        }
    }
}
