import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Our reader returns exactly what our writer wrote, across writer configurations.
@Suite struct ReaderRoundTripTests {
    /// Concatenates every row group of `path` into one description per row and column.
    static func readAll(_ path: String, columns: [String]? = nil) throws -> (ParquetFileReader, [[String]]) {
        let reader = try ParquetFileReader(path: path)
        var rows: [[String]] = []
        for g in 0..<reader.rowGroupCount {
            let batch = try reader.readRowGroup(g, columns: columns)
            for r in 0..<batch.rowCount {
                rows.append(batch.columns.map { SampleData.jsonValue($0, r) })
            }
        }
        return (reader, rows)
    }

    /// Writes one batch to `path` and opens the file for reading.
    static func writeAndOpen(_ path: String, _ columns: [ParquetColumn], _ values: [ColumnValues],
                             options: ParquetWriterOptions = ParquetWriterOptions()) throws -> ParquetFileReader {
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: ParquetSchema(columns), options: options)
        try writer.write(ColumnBatch(values))
        _ = try writer.close()
        return try ParquetFileReader(path: path)
    }

    static func expectedRows(_ rows: Range<Int>, columns: [Int]? = nil) -> [[String]] {
        let batch = SampleData.batch(rows: rows)
        let picked = columns ?? Array(batch.columns.indices)
        return (0..<rows.count).map { r in picked.map { SampleData.jsonValue(batch.columns[$0], r) } }
    }

    static func configurations() -> [(String, ParquetWriterOptions)] {
        var plain = ParquetWriterOptions()
        plain.dictionaryEnabled = false
        var uncompressed = ParquetWriterOptions()
        uncompressed.compression = .uncompressed
        var tiny = ParquetWriterOptions()
        tiny.dataPageSize = 512
        tiny.rowGroupSize = 8 * 1024
        tiny.dictionaryPageSizeLimit = 300
        tiny.compression = .zstd(level: 1)
        var pageV2 = tiny
        pageV2.dataPageVersion = .v2
        var pageV2Plain = pageV2
        pageV2Plain.dictionaryEnabled = false
        pageV2Plain.compression = .zstd(level: 3)
        var threads = tiny
        threads.encodingThreads = 3
        return [("default", ParquetWriterOptions()), ("plain", plain), ("uncompressed", uncompressed), ("tiny", tiny),
                ("v2", pageV2), ("v2-plain", pageV2Plain), ("threads", threads)]
    }

    @Test(arguments: configurations())
    func roundTripsEveryTypeAndNullPosition(_ name: String, _ options: ParquetWriterOptions) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-rt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(name).parquet").path
        let summary = try SampleData.write(to: path, batches: [0..<1, 1..<3000, 3000..<3000, 3000..<5000], options: options)
        let (reader, rows) = try Self.readAll(path)
        #expect(reader.schema == SampleData.schema)
        #expect(reader.rowCount == 5000)
        #expect(reader.rowGroupCount == summary.rowGroups)
        #expect(rows == Self.expectedRows(0..<5000))
        if name == "tiny" || name == "threads" || name.hasPrefix("v2") { #expect(summary.rowGroups > 2) }
        let kinds = Set(try reader.footer().rowGroups.flatMap { $0.columns.flatMap { $0.encodingStats.map(\.pageType) } })
        #expect(kinds.contains(name.hasPrefix("v2") ? PageType.dataPageV2.rawValue : PageType.dataPage.rawValue))
    }

    /// Encoding columns on several threads changes nothing in the file, byte for byte.
    @Test func encodingThreadsWriteTheSameBytes() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-threads")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [Data] = []
        for threads in [1, 2, 5] {
            var options = ParquetWriterOptions()
            options.encodingThreads = threads
            options.rowGroupSize = 64 * 1024
            options.dataPageSize = 4 * 1024
            let path = dir.appendingPathComponent("t\(threads).parquet").path
            let summary = try SampleData.write(to: path, batches: [0..<7000, 7000..<12000], options: options)
            #expect(summary.rowGroups > 1)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1])
        #expect(files[0] == files[2])
        var invalid = ParquetWriterOptions()
        invalid.encodingThreads = 0
        #expect(throws: ParquetError.self) {
            _ = try ParquetWriter(sink: try FileOutputSink(path: dir.appendingPathComponent("bad.parquet").path),
                                  schema: SampleData.schema, options: invalid)
        }
    }

    @Test func projectionReturnsColumnsInTheOrderAsked() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-proj")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("p.parquet").path
        _ = try SampleData.write(to: path, batches: [0..<300])
        let (reader, rows) = try Self.readAll(path, columns: ["name", "id", "at"])
        #expect(rows == Self.expectedRows(0..<300, columns: [4, 0, 6]))
        #expect(try reader.schema(columns: ["day"]).columns.map(\.type) == [.date])
        #expect(throws: ParquetError.unknownColumn("nope")) { try reader.readRowGroup(0, columns: ["nope"]) }
    }

    @Test func dictionaryFallbackKeepsValuesAndStatistics() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-fallback")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("f.parquet").path
        var options = ParquetWriterOptions()
        options.dictionaryPageSizeLimit = 4096
        var column = ByteArrayColumn()
        var expected: [String?] = []
        for i in 0..<20_000 {
            let s = i % 11 == 0 ? nil : "value-\(i * 7919 % 20_000)"
            if let s { column.append(s) } else { column.appendNull() }
            expected.append(s)
        }
        let reader = try Self.writeAndOpen(path, [ParquetColumn(name: "s", type: .string, nullable: true)], [.byteArrays(column)],
                                           options: options)
        guard case .byteArrays(let read) = try reader.readRowGroup(0).columns[0] else { Issue.record("not strings"); return }
        #expect(read.strings == expected)
        let chunk = try reader.footer().rowGroups[0].columns[0]
        #expect(Set(chunk.encodingNames) == ["PLAIN", "RLE", "RLE_DICTIONARY"])
        #expect(chunk.dictionaryPageOffset != nil)
        // Page counts: one dictionary page, dictionary-encoded pages before the fallback, PLAIN after.
        let stats = chunk.encodingStats
        #expect(stats.first == ParquetPageEncodingStats(pageType: 2, encoding: 0, count: 1))
        #expect(stats.contains { $0.pageType == 0 && $0.encoding == 8 && $0.count >= 1 })
        #expect(stats.contains { $0.pageType == 0 && $0.encoding == 0 && $0.count >= 1 })
        let present = expected.compactMap { $0 }
        #expect(chunk.statistics?.minValue == Array(present.min()!.utf8))
        #expect(chunk.statistics?.maxValue == Array(present.max()!.utf8))
        #expect(chunk.statistics?.nullCount == Int64(expected.count - present.count))
    }

    /// Thousands of distinct values, each seen many times in scattered order: the hash table
    /// grows several times and must keep finding every earlier entry (one dictionary, no fallback).
    @Test func dictionaryKeepsEntriesAcrossTableGrowth() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-grow")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.parquet").path
        var column = ByteArrayColumn()
        var expected: [String] = []
        let distinct = 9_000
        for i in 0..<(distinct * 6) {
            // Lengths 0..<40 cover the short-key and multi-word hash and compare paths.
            let k = i &* 7_919 % distinct
            let s = String(repeating: "x", count: k % 40) + (k % 40 == 0 ? "" : "\(k)")
            column.append(s)
            expected.append(s)
        }
        let reader = try Self.writeAndOpen(path, [ParquetColumn(name: "s", type: .string, nullable: false)], [.byteArrays(column)])
        guard case .byteArrays(let read) = try reader.readRowGroup(0).columns[0] else { Issue.record("not strings"); return }
        #expect(read.strings == expected)
        let chunk = try reader.footer().rowGroups[0].columns[0]
        #expect(!chunk.encodingStats.contains { $0.pageType == 0 && $0.encoding == 0 }, "fell back to PLAIN")
        let entries = try runPython("""
            import sys, pyarrow.parquet as pq
            f = pq.ParquetFile(sys.argv[1])
            print(f.metadata.row_group(0).column(0).encodings, len(set(f.read().column("s").to_pylist())))
            """, [path])
        #expect(entries.stdout.contains("\(Set(expected).count)"))
    }

    /// Near-unique INT64s (ids, timestamps) leave dictionary encoding early too; a repetitive
    /// column next to them keeps its dictionary.
    @Test func nearUniqueInt64sFallBackEarly() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-unique64")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("u.parquet").path
        let unique: [Int64?] = (0..<50_000).map { Int64($0) &* 2_654_435_761 &+ (Int64($0) % 7 == 0 ? -1 : 1) }
        let repeated: [Int64?] = (0..<50_000).map { Int64($0 % 100) }
        let reader = try Self.writeAndOpen(path, [ParquetColumn(name: "id", type: .int64, nullable: false),
                                                  ParquetColumn(name: "k", type: .int64, nullable: false)],
                                           [.int64s(unique), .int64s(repeated)])
        let batch = try reader.readRowGroup(0)
        guard case .int64s(let ids) = batch.columns[0], case .int64s(let ks) = batch.columns[1] else {
            Issue.record("not int64s"); return
        }
        #expect(ids == unique)
        #expect(ks == repeated)
        let columns = try reader.footer().rowGroups[0].columns
        #expect(columns[0].encodingStats.contains { $0.pageType == 0 && $0.encoding == 0 }, "ids stayed dictionary-encoded")
        #expect(!columns[1].encodingStats.contains { $0.pageType == 0 && $0.encoding == 0 }, "k fell back")
        let result = try runPython("""
            import sys, pyarrow.parquet as pq
            t = pq.read_table(sys.argv[1])
            print(t.column("id").to_pylist() == [i * 2654435761 + (-1 if i % 7 == 0 else 1) for i in range(50000)],
                  t.column("k").to_pylist() == [i % 100 for i in range(50000)])
            """, [path])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True True")
    }

    /// Near-unique strings leave dictionary encoding early; pyarrow and we still read them.
    @Test func nearUniqueStringsFallBackEarly() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-unique")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("u.parquet").path
        var column = ByteArrayColumn()
        var expected: [String] = []
        for i in 0..<40_000 {
            let s = "item-\(i &* 2_654_435_761 % 1_000_003)"
            column.append(s)
            expected.append(s)
        }
        let reader = try Self.writeAndOpen(path, [ParquetColumn(name: "s", type: .string, nullable: false)], [.byteArrays(column)])
        guard case .byteArrays(let read) = try reader.readRowGroup(0).columns[0] else { Issue.record("not strings"); return }
        #expect(read.strings == expected)
        let stats = try reader.footer().rowGroups[0].columns[0].encodingStats
        #expect(stats.contains { $0.pageType == 0 && $0.encoding == 0 })
        let result = try runPython("""
            import sys, pyarrow.parquet as pq
            t = pq.read_table(sys.argv[1])
            col = t.column("s").to_pylist()
            print(len(col), len(set(col)), col[0], col[-1])
            """, [path])
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "40000 \(Set(expected).count) \(expected[0]) \(expected[39_999])")
    }

    /// All-null and single-valued columns add no value bytes; pages are still bounded.
    @Test func pagesAreBoundedByValueCount() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-nullpages")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("n.parquet").path
        let rows = 600_000
        var strings = ByteArrayColumn()
        for _ in 0..<rows { strings.appendNull() }
        let schema = ParquetSchema([ParquetColumn(name: "none", type: .int64, nullable: true),
                                    ParquetColumn(name: "same", type: .int32, nullable: false),
                                    ParquetColumn(name: "s", type: .string, nullable: true)])
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema)
        try writer.write(ColumnBatch([.int64s(Array(repeating: nil, count: rows)),
                                      .int32s(Array(repeating: 7, count: rows)), .byteArrays(strings)]))
        _ = try writer.close()
        let reader = try ParquetFileReader(path: path)
        for chunk in try reader.footer().rowGroups[0].columns {
            let dataPages = chunk.encodingStats.filter { $0.pageType == 0 }.reduce(0) { $0 + $1.count }
            #expect(dataPages >= 3, "\(chunk.pathInSchema)")
            #expect(chunk.statistics?.nullCount == (chunk.pathInSchema == ["same"] ? 0 : Int64(rows)))
        }
        let batch = try reader.readRowGroup(0)
        guard case .int64s(let none) = batch.columns[0], case .int32s(let same) = batch.columns[1],
              case .byteArrays(let s) = batch.columns[2] else { Issue.record("kinds"); return }
        #expect(none.count == rows && none.allSatisfy { $0 == nil })
        #expect(same.count == rows && same.allSatisfy { $0 == 7 })
        #expect(s.count == rows && s.nullCount == rows)
    }

    @Test func invalidBatchesAreRejectedWithTypedErrors() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-invalid")
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = ParquetSchema([ParquetColumn(name: "a", type: .int64, nullable: false),
                                    ParquetColumn(name: "b", type: .string, nullable: true)])
        let writer = try ParquetWriter(sink: try FileOutputSink(path: dir.appendingPathComponent("x.parquet").path), schema: schema)
        var strings = ByteArrayColumn()
        strings.append("x")
        let cases: [ColumnBatch] = [
            ColumnBatch([.int64s([1])]),
            ColumnBatch([.int32s([1]), .byteArrays(strings)]),
            ColumnBatch([.int64s([1, 2]), .byteArrays(strings)]),
            ColumnBatch([.int64s([nil]), .byteArrays(strings)]),
        ]
        for batch in cases {
            #expect(throws: ParquetError.self) { try writer.write(batch) }
        }
        try writer.write(ColumnBatch([.int64s([7]), .byteArrays(strings)]))
        let summary = try writer.close()
        #expect(summary.rows == 1)
        #expect(throws: ParquetError.writerClosed) { try writer.write(ColumnBatch([.int64s([7]), .byteArrays(strings)])) }
        #expect(throws: ParquetError.self) {
            _ = try ParquetWriter(sink: try FileOutputSink(path: dir.appendingPathComponent("y.parquet").path),
                                  schema: ParquetSchema([ParquetColumn(name: "a", type: .int64, nullable: false),
                                                         ParquetColumn(name: "a", type: .int64, nullable: false)]))
        }
    }

    @Test func corruptFilesGiveTypedErrors() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-corrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ok.parquet").path
        _ = try SampleData.write(to: path, batches: [0..<100])
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))

        func open(_ data: [UInt8]) throws {
            let p = dir.appendingPathComponent("bad.parquet").path
            try Data(data).write(to: URL(fileURLWithPath: p))
            let reader = try ParquetFileReader(path: p)
            for g in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(g) }
        }
        #expect(throws: ParquetError.badMagic) { try open(Array("hello".utf8)) }
        #expect(throws: ParquetError.badMagic) { try open(Array(bytes.dropLast(1))) }
        var longFooter = bytes
        longFooter[bytes.count - 5] = 0x7F
        let b0 = UInt32(bytes[bytes.count - 8]), b1 = UInt32(bytes[bytes.count - 7]), b2 = UInt32(bytes[bytes.count - 6])
        let claimed = Int64(b0 | b1 << 8 | b2 << 16 | 0x7F00_0000)
        let expectedError = ParquetError.footerLengthOutOfRange(length: claimed, fileSize: Int64(bytes.count))
        #expect(throws: expectedError) { try open(longFooter) }
        var truncatedData = Array(bytes[0..<40])
        truncatedData += Array(bytes[(bytes.count / 2)...])
        #expect(throws: ParquetError.self) { try open(truncatedData) }
    }
}
