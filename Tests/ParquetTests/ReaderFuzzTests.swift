import Foundation
import Testing
import TestSupport
@testable import Parquet

/// Damaged files (footer, page headers, any byte, truncations) opened with
/// `ParquetFileReader` and read row group by row group must produce a `ParquetError` or
/// valid data (one value per row in every column), never a crash or hang.
@Suite struct ReaderFuzzTests {
    /// Our writer's seeds, plus a pyarrow file with data page v2 for foreign page layouts.
    static func seedFiles(in dir: URL) throws -> [FuzzSeedFile] {
        var files = try FuzzSeedFile.writeAll(in: dir)
        let pyPath = dir.appendingPathComponent("seed-pa.parquet").path
        let script = """
        import sys, pyarrow as pa, pyarrow.parquet as pq
        t = pa.table({"a": pa.array([None if i % 3 == 0 else i for i in range(100)], pa.int64()),
                      "s": pa.array([None if i % 5 == 0 else "x" + str(i % 9) for i in range(100)]),
                      "b": pa.array([i % 2 == 0 for i in range(100)])})
        pq.write_table(t, sys.argv[1], compression="zstd", data_page_version="2.0")
        """
        if try runPython(script, [pyPath]).status == 0 {
            files.append(try FuzzSeedFile(name: "pyarrow-v2", path: pyPath))
        }
        return files
    }

    @Test(.timeLimit(.minutes(2)))
    func mutatedFilesNeverCrash() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-fuzz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = try Self.seedFiles(in: dir)
        let target = dir.appendingPathComponent("mutant.parquet").path
        let configuration = FuzzConfiguration(seed: 20_261_125)
        let report = await FuzzWatchdog().fuzz("ReaderFuzzTests", iterations: configuration.iterations, unit: "files",
            setUp: { tally -> (mutator: FuzzMutator, file: ScratchFile)? in
                guard let file = try? ScratchFile(path: target) else {
                    tally.fail(-1, [], "cannot create \(target)")
                    return nil
                }
                return (FuzzMutator(seed: configuration.seed), file)
            },
            next: { state, iteration in Self.mutant(of: seeds[iteration % seeds.count], iteration, &state.mutator) },
            check: { state, bytes, iteration, tally in
                Self.check(bytes, at: state.file, threads: iteration % 16 == 0 ? 2 : 1, iteration, &tally)
            })
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        guard let tally = report.tally else { return }
        // Both outcomes must be common, or the mutations are not reaching the decoder.
        #expect(tally["read"] > 200)
        #expect(tally["thrift"] > 2000)
        #expect(tally["corrupt"] > 400)
    }

    /// The seeds hold what the fuzzing claims to cover, or it would pass without reaching it.
    @Test func seedsCoverWhatTheReaderDecodes() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("parquet-fuzz-seeds")
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = try FuzzSeedFile.writeAll(in: dir)
        let chunks = seeds.flatMap(\.chunks)
        let pageTypes = Set(try chunks.flatMap { chunk in
            try chunk.pageHeaders.map { try PageHeader.read(chunk.bytes, start: $0.lowerBound).0.type }
        })
        #expect(pageTypes == [PageType.dataPage.rawValue, PageType.dictionaryPage.rawValue, PageType.dataPageV2.rawValue])
        #expect(Set(chunks.map(\.codec)) == [CompressionCodec.uncompressed.rawValue, CompressionCodec.zstd.rawValue])
        #expect(chunks.contains { $0.descriptor.isList } && chunks.contains { !$0.descriptor.isList })
        #expect(chunks.contains { $0.descriptor.maxDefinitionLevel == 0 } && chunks.contains { $0.descriptor.maxDefinitionLevel > 0 })
        #expect(chunks.contains { $0.pageHeaders.count > 1 })
        let dataEncodings = Set(try chunks.flatMap { chunk in
            try chunk.pageHeaders.map { try PageHeader.read(chunk.bytes, start: $0.lowerBound).0 }
                .filter { $0.type != PageType.dictionaryPage.rawValue }.map(\.encoding)
        })
        #expect(dataEncodings.isSuperset(of: [Encoding.plain.rawValue, Encoding.rleDictionary.rawValue, Encoding.deltaBinaryPacked.rawValue]))
        for seed in seeds {
            let reader = try ParquetFileReader(path: dir.appendingPathComponent("\(seed.name).parquet").path)
            if seed.name.hasSuffix("row-groups") { #expect(reader.rowGroupCount > 1, "\(seed.name)") }
        }
    }

    /// One of five damages: in the footer (its length kept right, or not), in a page header,
    /// anywhere between the magic bytes, or a cut that keeps the file's valid-looking tail.
    static func mutant(of seed: FuzzSeedFile, _ iteration: Int, _ mutator: inout FuzzMutator) -> [UInt8] {
        switch iteration % 5 {
        case 0:
            var (bytes, footerEnd) = mutator.mutate(seed.bytes, in: seed.footer)
            let length = UInt32(truncatingIfNeeded: footerEnd - seed.footer.lowerBound)
            for k in 0..<4 { bytes[footerEnd + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))) }
            return bytes
        case 1:
            return mutator.mutate(seed.bytes, in: seed.footer).bytes
        case 2:
            let header = seed.pageHeaders[(iteration / 5) % seed.pageHeaders.count]
            return mutator.mutate(seed.bytes, in: header, maxGrowth: 256).bytes
        case 3:
            return mutator.mutate(seed.bytes, in: 4..<(seed.bytes.count - 8), maxGrowth: 256).bytes
        default:
            let cut = (iteration * 7919) % (seed.bytes.count - 1) + 1
            return Array(seed.bytes.prefix(cut)) + seed.bytes.suffix(8)
        }
    }

    /// Opens and reads every row group of `bytes` (written to `file`).
    static func check(_ bytes: [UInt8], at file: ScratchFile, threads: Int, _ iteration: Int, _ tally: inout FuzzTally) {
        do {
            try file.write(bytes)
        } catch {
            tally.fail(iteration, [], "cannot write the mutant: \(error)")
            return
        }
        do {
            let reader = try ParquetFileReader(path: file.path)
            for g in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(g, threads: threads)
                let rows = try reader.footer().rowGroups[g].numRows
                for (column, values) in zip(reader.schema.columns, batch.columns) where values.count != rows {
                    tally.fail(iteration, bytes, "row group \(g) column '\(column.name)' holds \(values.count) values for \(rows) rows")
                }
            }
            tally.count("read")
        } catch let error as ParquetError {
            _ = error.description
            tally.count(error.kind)
        } catch {
            tally.fail(iteration, bytes, "untyped error \(type(of: error)): \(error)")
        }
    }
}
