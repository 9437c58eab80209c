import Foundation
@testable import Parquet
import Testing
import TestSupport

/// Column chunks of files our writer produced, with a page header mutated, must decode (the
/// header alone, then the whole chunk) or fail with `ParquetError`, never trap, hang or
/// allocate what a size field claims; a chunk that decodes holds one value per row.
@Suite struct PageHeaderFuzzTests {
    @Test(.timeLimit(.minutes(2)))
    func mutatedPageHeadersDecodeOrFailTyped() async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("page-header-fuzz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let chunks = try FuzzSeedFile.writeAll(in: directory).flatMap(\.chunks)
        let configuration = FuzzConfiguration(seed: 0x9A6E)
        let report = await FuzzWatchdog().fuzz("PageHeaderFuzzTests", iterations: configuration.iterations,
            setUp: { _ in (mutator: FuzzMutator(seed: configuration.seed), decompressor: PageDecompressor()) },
            next: { state, iteration in
                let (chunk, header) = Self.target(chunks, iteration)
                return state.mutator.mutate(chunk.bytes, in: header, maxGrowth: 256).bytes
            },
            check: { state, input, iteration, tally in
                let (chunk, header) = Self.target(chunks, iteration)
                Self.check(input, header.lowerBound, chunk, state.decompressor, iteration, &tally)
            })
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        guard let tally = report.tally else { return }
        // Every outcome must be common, or the mutations are not reaching that stage.
        #expect(tally["header decoded"] > 700)
        #expect(tally["header thrift"] > 2500)
        #expect(tally["chunk decoded"] > 60)
        #expect(tally["chunk corrupt"] > 600)
    }

    /// The chunk and page header that input `iteration` mutates.
    static func target(_ chunks: [FuzzSeedFile.Chunk], _ iteration: Int) -> (FuzzSeedFile.Chunk, Range<Int>) {
        let chunk = chunks[iteration % chunks.count]
        return (chunk, chunk.pageHeaders[(iteration / chunks.count) % chunk.pageHeaders.count])
    }

    static func check(_ input: [UInt8], _ headerStart: Int, _ chunk: FuzzSeedFile.Chunk, _ decompressor: PageDecompressor,
                      _ iteration: Int, _ tally: inout FuzzTally) {
        do {
            _ = try PageHeader.read(input, start: headerStart)
            tally.count("header decoded")
        } catch let error as ParquetError {
            _ = error.description
            tally.count("header " + error.kind)
        } catch {
            tally.fail(iteration, input, "untyped page header error \(type(of: error)): \(error)")
        }
        let decoder = ColumnChunkDecoder(descriptor: chunk.descriptor, codec: chunk.codec, decompressor: decompressor)
        do {
            let values = try decoder.decode(input, valueCount: chunk.valueCount, rowCount: chunk.rowCount)
            tally.count("chunk decoded")
            if values.count != chunk.rowCount {
                tally.fail(iteration, input, "column '\(chunk.column)' decoded \(values.count) values for \(chunk.rowCount) rows")
            }
        } catch let error as ParquetError {
            _ = error.description
            tally.count("chunk " + error.kind)
        } catch {
            tally.fail(iteration, input, "untyped column chunk error \(type(of: error)): \(error)")
        }
    }
}
