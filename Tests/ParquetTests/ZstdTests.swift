import Foundation
import Testing
import TestSupport
@testable import Parquet

@Suite struct ZstdTests {
    @Test func roundTripRestoresEveryByte() throws {
        var rng = SystemRandomNumberGenerator()
        let text = Array((0..<200_000).map { i in UInt8(truncatingIfNeeded: (i % 97) ^ (i / 1000)) })
        let random = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        for input in [[], [42], text, random] {
            let compressed = try ZstdCompressor(level: 3).compress(input)
            let restored = try ZstdDecompressor().decompress(compressed, decompressedSize: input.count)
            #expect(restored == input)
        }
    }

    @Test func compressesRepetitiveData() throws {
        let input = [UInt8](repeating: 7, count: 1 << 20)
        let compressed = try ZstdCompressor(level: 3).compress(input)
        #expect(compressed.count < 1024)
    }

    @Test func wrongSizeOrGarbageIsAnError() throws {
        let compressed = try ZstdCompressor().compress(Array("hello hello hello".utf8))
        #expect(throws: ZstdError.self) { try ZstdDecompressor().decompress(compressed, decompressedSize: 3) }
        #expect(throws: ZstdError.self) { try ZstdDecompressor().decompress([1, 2, 3, 4, 5, 6, 7, 8], decompressedSize: 8) }
    }

    /// A file of two frames appended by the `zstd` command-line tool decodes as the
    /// concatenation of both inputs, even when fed in tiny chunks.
    @Test func streamsMultiFrameFileWrittenByZstdCLI() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("zstd")
        defer { try? FileManager.default.removeItem(at: dir) }
        let partA = String(repeating: "alpha,beta,gamma\n", count: 20_000)
        let partB = String(repeating: "delta;epsilon\n", count: 30_000)
        try partA.write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try partB.write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let script = "zstd -q -c a.txt > both.zst && zstd -q -19 -c b.txt >> both.zst"
        let result = try runProcess("/bin/sh", ["-c", script], currentDirectory: dir)
        #expect(result.status == 0, "zstd CLI failed: \(result.stderr)")

        let compressed = try Array(Data(contentsOf: dir.appendingPathComponent("both.zst")))
        for chunkSize in [7, 4096, compressed.count] {
            let decoder = ZstdStreamDecompressor()
            var output = [UInt8]()
            var offset = 0
            while offset < compressed.count {
                let end = min(offset + chunkSize, compressed.count)
                try decoder.feed(Array(compressed[offset..<end])) { output.append(contentsOf: $0) }
                offset = end
            }
            try decoder.finish()
            #expect(output == Array((partA + partB).utf8))
        }
    }

    @Test func truncatedStreamIsReported() throws {
        let compressed = try ZstdCompressor().compress(Array(String(repeating: "x y z ", count: 10_000).utf8))
        let decoder = ZstdStreamDecompressor()
        try decoder.feed(Array(compressed.dropLast(3))) { _ in }
        #expect(throws: ZstdError.truncatedFrame) { try decoder.finish() }
    }
}
