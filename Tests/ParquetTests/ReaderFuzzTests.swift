import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Randomly damaged files must produce a `ParquetError` or valid data, never a crash or hang.
@Suite struct ReaderFuzzTests {
    static func seedFiles(in dir: URL) throws -> [[UInt8]] {
        var plain = ParquetWriterOptions()
        plain.dictionaryEnabled = false
        plain.compression = .uncompressed
        var small = ParquetWriterOptions()
        small.dataPageSize = 256
        small.rowGroupSize = 4096
        var files: [[UInt8]] = []
        for (i, options) in [ParquetWriterOptions(), plain, small].enumerated() {
            let path = dir.appendingPathComponent("seed\(i).parquet").path
            _ = try SampleData.write(to: path, batches: [0..<150], options: options)
            files.append(try Array(Data(contentsOf: URL(fileURLWithPath: path))))
        }
        // A pyarrow file with data page v2 adds foreign page layouts.
        let pyPath = dir.appendingPathComponent("seed-pa.parquet").path
        let script = """
        import sys, pyarrow as pa, pyarrow.parquet as pq
        t = pa.table({"a": pa.array([None if i % 3 == 0 else i for i in range(100)], pa.int64()),
                      "s": pa.array([None if i % 5 == 0 else "x" + str(i % 9) for i in range(100)]),
                      "b": pa.array([i % 2 == 0 for i in range(100)])})
        pq.write_table(t, sys.argv[1], compression="zstd", data_page_version="2.0")
        """
        if try runPython(script, [pyPath]).status == 0 {
            files.append(try Array(Data(contentsOf: URL(fileURLWithPath: pyPath))))
        }
        return files
    }

    @Test func mutatedFilesNeverCrash() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-fuzz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = try Self.seedFiles(in: dir)
        // Fixed by default; MEDALLION_FUZZ_SEED / _ITERATIONS explore further by hand.
        let environment = ProcessInfo.processInfo.environment
        var rng = SeededGenerator(seed: UInt64(environment["MEDALLION_FUZZ_SEED"] ?? "") ?? 20_261_125)
        let iterations = Int(environment["MEDALLION_FUZZ_ITERATIONS"] ?? "") ?? 3000
        let target = dir.appendingPathComponent("mutant.parquet")
        var outcomes = [String: Int]()
        for iteration in 0..<iterations {
            var bytes = seeds[iteration % seeds.count]
            switch Int.random(in: 0..<5, using: &rng) {
            case 0, 1:
                // A few random bytes anywhere.
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            case 2:
                // Bytes in the footer, where every field matters.
                let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
                let start = max(4, bytes.count - 8 - footerLength)
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    bytes[Int.random(in: start..<(bytes.count - 8), using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                }
            case 3:
                // Truncation that keeps a valid-looking tail.
                let cut = Int.random(in: 1..<bytes.count, using: &rng)
                let tail = Array(bytes.suffix(8))
                bytes = Array(bytes.prefix(cut)) + tail
            default:
                // Bit flips in the first column chunk's page headers.
                for _ in 0..<Int.random(in: 1...2, using: &rng) {
                    let i = Int.random(in: 4..<min(bytes.count, 200), using: &rng)
                    bytes[i] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                }
            }
            try Data(bytes).write(to: target)
            do {
                let reader = try ParquetFileReader(path: target.path)
                for g in 0..<reader.rowGroupCount { _ = try reader.readRowGroup(g) }
                outcomes["read", default: 0] += 1
            } catch let error as ParquetError {
                _ = error.description
                outcomes["error", default: 0] += 1
            } catch {
                Issue.record("iteration \(iteration): untyped error \(error)")
            }
        }
        // Both outcomes must occur, or the mutations are not reaching the decoder.
        #expect((outcomes["error"] ?? 0) > 100)
        #expect((outcomes["read"] ?? 0) > 10)
    }
}
