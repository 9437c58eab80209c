import Foundation
@testable import Parquet
import Testing
import TestSupport

/// Mutated footers (Thrift compact `FileMetaData`) of files our writer produced must decode
/// or fail with `ParquetError`, never trap, hang or allocate what a length field claims;
/// a footer that decodes must survive re-encoding unchanged.
@Suite struct ThriftFooterFuzzTests {
    @Test(.timeLimit(.minutes(2)))
    func mutatedFootersDecodeOrFailTyped() async throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("thrift-footer-fuzz")
        defer { try? FileManager.default.removeItem(at: directory) }
        let footers = try FuzzSeedFile.writeAll(in: directory).map { Array($0.bytes[$0.footer]) }
        let configuration = FuzzConfiguration(seed: 0xF007E2)
        let report = await FuzzWatchdog().fuzz("ThriftFooterFuzzTests", iterations: configuration.iterations,
            setUp: { _ in FuzzMutator(seed: configuration.seed) },
            next: { mutator, iteration in
                let footer = footers[iteration % footers.count]
                return mutator.mutate(footer, in: 0..<footer.count).bytes
            },
            check: { _, input, iteration, tally in Self.check(input, iteration, &tally) })
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        guard let tally = report.tally else { return }
        // Both outcomes must be common, or the mutations are not reaching the decoder.
        #expect(tally["decoded"] > 300)
        #expect(tally["thrift"] > 2500)
    }

    static func check(_ input: [UInt8], _ iteration: Int, _ tally: inout FuzzTally) {
        do {
            let metadata = try ParquetFileMetadata.decode(input)
            tally.count("decoded")
            let again = try ParquetFileMetadata.decode(metadata.encoded())
            if again != metadata { tally.fail(iteration, input, "re-encoding changes the footer: \(metadata) became \(again)") }
        } catch let error as ParquetError {
            _ = error.description
            tally.count(error.kind)
        } catch {
            tally.fail(iteration, input, "untyped error \(type(of: error)): \(error)")
        }
    }

    /// Length fields claiming far more than the footer holds fail at once with
    /// `ParquetError.thrift`; decoding them as claimed would allocate gigabytes.
    @Test(arguments: [
        // field 2 (schema): a list of 2^31 - 1 structs.
        ("schema list", [0x29, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00]),
        // field 6 (created_by): a 2^32 - 1 byte string.
        ("created_by", [0x15, 0x02, 0x58, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x41, 0x00]),
        // an unknown field 9: a map of 2^32 - 1 entries, then a set of 2^21 i64.
        ("map", [0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x55, 0x00]),
        ("set", [0x9A, 0xF6, 0x80, 0x80, 0x80, 0x01, 0x00]),
        // a varint longer than 64 bits as field 3 (num_rows).
        ("varint", [0x15, 0x02, 0x26] + Array(repeating: 0xFF, count: 12) + [0x00]),
        // struct fields nested 10,000 deep.
        ("nesting", Array(repeating: 0x1C, count: 10_000)),
        // field 4 (row_groups): one row group whose column list claims 2^31 - 1 chunks.
        ("columns list", [0x49, 0x1C, 0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00]),
    ] as [(String, [UInt8])])
    func hostileLengthsFailWithoutAllocating(_ name: String, _ footer: [UInt8]) {
        do {
            let metadata = try ParquetFileMetadata.decode(footer)
            Issue.record("\(name): decoded \(metadata)")
        } catch ParquetError.thrift {
        } catch {
            Issue.record("\(name): \(error) is not ParquetError.thrift")
        }
    }
}
