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
        let watchdog = FuzzWatchdog()
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await watchdog.run {
            var mutator = FuzzMutator(seed: configuration.seed)
            var tally = FuzzTally()
            let decompressor = PageDecompressor()
            for iteration in 0..<configuration.iterations {
                let chunk = chunks[iteration % chunks.count]
                let header = chunk.pageHeaders[(iteration / chunks.count) % chunk.pageHeaders.count]
                let input = mutator.mutate(chunk.bytes, in: header, maxGrowth: 256).bytes
                watchdog.begin(iteration, input)
                tally.inputs += 1
                Self.check(input, header.lowerBound, chunk, decompressor, iteration, &tally)
                watchdog.end()
            }
            return tally
        }
        let elapsed = clock.now - start
        switch outcome {
        case .failure(let overrun):
            Issue.record("hang: \(overrun)")
        case .success(let tally):
            print("PageHeaderFuzzTests: \(tally.inputs) inputs in \(elapsed), slowest \(watchdog.slowest.elapsed); \(tally.summary)")
            for failure in tally.failures { Issue.record(Comment(rawValue: failure)) }
            #expect(tally.failureCount == 0)
            #expect(tally.inputs == configuration.iterations)
            // Every outcome must be common, or the mutations are not reaching that stage.
            #expect(tally["header decoded"] > 700)
            #expect(tally["header thrift"] > 2500)
            #expect(tally["chunk decoded"] > 60)
            #expect(tally["chunk corrupt"] > 600)
        }
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
