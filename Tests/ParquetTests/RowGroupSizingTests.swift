import Foundation
import Testing
import TestSupport
@testable import Parquet

/// After its first row group the writer predicts where the next one ends (rows scaled by the
/// last group's buffered size) and hands columns whole batches up to there. The groups must
/// still be about `rowGroupSize`, rows that turn much wider must still end a group in time,
/// and the file must not depend on the thread count.
@Suite struct RowGroupSizingTests {
    private static let schema = ParquetSchema([ParquetColumn(name: "n", type: .int64, nullable: false),
                                               ParquetColumn(name: "text", type: .string, nullable: true)])

    /// Batches of `rows` rows whose text is `width` bytes (unique per row: no dictionary).
    private static func batch(_ rows: Range<Int>, width: Int) -> ColumnBatch {
        var text = ByteArrayColumn()
        for row in rows {
            let digits = String(row)
            text.append(String(repeating: "x", count: max(0, width - digits.count)) + digits)
        }
        return ColumnBatch([.int64s(rows.map { Int64($0) }), .byteArrays(text)])
    }

    private static func write(_ path: String, threads: Int, widths: [Int], batchRows: Int) throws -> ParquetWriteSummary {
        var options = ParquetWriterOptions()
        options.rowGroupSize = 256 * 1024
        options.encodingThreads = threads
        let writer = try ParquetWriter(sink: try FileOutputSink(path: path), schema: schema, options: options)
        var start = 0
        for width in widths {
            try writer.write(batch(start..<(start + batchRows), width: width))
            start += batchRows
        }
        return try writer.close()
    }

    @Test func groupsStayNearTheTargetSizeAndReadBack() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-groups")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("narrow.parquet").path
        let summary = try Self.write(path, threads: 2, widths: Array(repeating: 12, count: 12), batchRows: 20_000)
        #expect(summary.rows == 240_000)
        let reader = try ParquetFileReader(path: path)
        let groups = try reader.footer().rowGroups
        #expect(groups.count >= 5)
        for group in groups.dropLast() {
            #expect(group.totalByteSize >= 128 * 1024 && group.totalByteSize <= 384 * 1024, "\(group.totalByteSize) bytes")
        }
        var next: Int64 = 0
        for index in 0..<reader.rowGroupCount {
            guard case .int64s(let values) = try reader.readRowGroup(index).columns[0] else { Issue.record("not int64"); return }
            #expect(values == (next..<(next + Int64(values.count))).map { $0 })
            next += Int64(values.count)
        }
        #expect(next == 240_000)
    }

    @Test func rowsThatTurnWideStillEndTheGroupInTime() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-wide")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("widening.parquet").path
        // The prediction comes from 12-byte rows; then rows are 600 bytes (50× wider).
        _ = try Self.write(path, threads: 2, widths: Array(repeating: 12, count: 4) + Array(repeating: 600, count: 2), batchRows: 20_000)
        let groups = try ParquetFileReader(path: path).footer().rowGroups
        // At most a row group's worth of string bytes between two checks of the size.
        for group in groups { #expect(group.totalByteSize <= 3 * 256 * 1024, "\(group.totalByteSize) bytes") }
        #expect(groups.reduce(0) { $0 + $1.numRows } == 120_000)
    }

    @Test func theThreadCountChangesNoByte() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-group-threads")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [Data] = []
        for threads in [1, 2, 3] {
            let path = dir.appendingPathComponent("t\(threads).parquet").path
            _ = try Self.write(path, threads: threads, widths: [12, 12, 40, 12, 200, 12, 12], batchRows: 15_000)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1] && files[0] == files[2])
    }
}
