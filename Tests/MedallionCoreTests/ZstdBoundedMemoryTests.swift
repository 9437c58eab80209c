import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// A zstd source is decompressed into the reader's buffer as it pulls, never a whole input
/// chunk's output at once: a small file that expands a thousandfold (or a crafted one that
/// expands to gigabytes) must not be held in memory.
@Suite struct ZstdBoundedMemoryTests {
    /// One zstd frame of `blocks` RLE blocks of 128 KiB of `byte` each (4 bytes per block).
    static func rleFrame(blocks: Int, byte: UInt8) -> [UInt8] {
        var frame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x38]  // magic; no content size; window 128 KiB
        for index in 0..<blocks {
            let header = (131_072 << 3) | (1 << 1) | (index == blocks - 1 ? 1 : 0)  // size, type RLE, last
            frame += [UInt8(header & 0xFF), UInt8(header >> 8 & 0xFF), UInt8(header >> 16 & 0xFF), byte]
        }
        return frame
    }

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    @Test func aGigabyteFromThirtyTwoKilobytesStreamsInBufferSizedPieces() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("zstd-bomb")
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocks = 8192  // 1 GiB decompressed, 32 KiB compressed (one input chunk)
        let file = try writeFile(dir, "bomb.zst", Self.rleFrame(blocks: blocks, byte: UInt8(ascii: "x")))
        let stream = try RecordReaders.decompressedStream(path: file.path, displayName: "bomb.zst", options: SourceOptions(format: .csv))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        let before = Self.peakResidentBytes()
        var total = 0
        for _ in 0..<64 {
            let n = try stream.read(into: buffer)
            #expect(n > 0 && n <= buffer.count)
            #expect(buffer[n - 1] == UInt8(ascii: "x"))
            total += n
        }
        #expect(total == 64 << 20)
        let grown = Self.peakResidentBytes() - before
        #expect(grown < 256 << 20, "peak resident memory grew by \(grown >> 20) MiB for 64 MiB read")
    }

    @Test func multiFrameFilesAndTruncationStillBehave() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("zstd-frames")
        defer { try? FileManager.default.removeItem(at: dir) }
        let two = Self.rleFrame(blocks: 3, byte: UInt8(ascii: "a")) + Self.rleFrame(blocks: 2, byte: UInt8(ascii: "b"))
        let file = try writeFile(dir, "two.zst", two)
        let stream = try RecordReaders.decompressedStream(path: file.path, displayName: "two.zst", options: SourceOptions(format: .csv))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 100_000, alignment: 16)
        defer { buffer.deallocate() }
        var counts: [UInt8: Int] = [:]
        while case let n = try stream.read(into: buffer), n > 0 {
            for i in 0..<n { counts[buffer[i], default: 0] += 1 }
        }
        #expect(counts == [UInt8(ascii: "a"): 3 * 131_072, UInt8(ascii: "b"): 2 * 131_072])
        let cut = try writeFile(dir, "cut.zst", Array(two.dropLast(6)))
        let truncated = try RecordReaders.decompressedStream(path: cut.path, displayName: "cut.zst", options: SourceOptions(format: .csv))
        #expect(throws: SourceError.self) {
            while try truncated.read(into: buffer) > 0 {}
        }
    }
}
