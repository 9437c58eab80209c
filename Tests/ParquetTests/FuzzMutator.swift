import TestSupport

/// Seeded mutations of Parquet bytes inside a region (a footer, a page header, a whole file),
/// shared by the fuzz suites of this target: the same seed gives the same mutants.
///
/// Besides byte flips, insertions, deletions, truncations and duplicated fragments, it
/// injects Thrift compact tokens: extreme varints, field headers of every type, list, map and
/// binary headers whose lengths claim far more than the bytes left, and deep struct nesting.
struct FuzzMutator {
    var rng: SeededGenerator

    init(seed: UInt64) {
        rng = SeededGenerator(seed: seed)
    }

    static let tokens: [[UInt8]] = [
        // Varints: UInt32 max, UInt64 max, one byte too long, unterminated, zigzag extremes.
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        Array(repeating: 0xFF, count: 10) + [0x01], [0x80], [0xFE, 0xFF, 0xFF, 0xFF, 0x0F], [0x81, 0x80, 0x80, 0x80, 0x10],
        [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x01], [0x00],
        // Field headers: i32, i64, binary, list, set, map, struct, bools, byte, double, unknown types, long-form ids.
        [0x15], [0x16], [0x18], [0x19], [0x1A], [0x1B], [0x1C], [0x11], [0x12], [0x13], [0x14], [0x17], [0x1D], [0x1E],
        [0x1F], [0x05, 0xFE, 0xFF, 0x03], [0x0C, 0x01], [0x0C, 0xFF, 0xFF, 0x03], [0xF5], [0xFC],
        // A list of structs (and of i32) claiming 2^31 - 1 elements; a binary and a map claiming 4 GiB.
        [0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], [0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x07], [0xF8, 0x80, 0x80, 0x04],
        [0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xCC], [0x1B, 0x03, 0x58],
        // Deep nesting: struct fields inside struct fields, lists of lists.
        Array(repeating: 0x1C, count: 80), Array(repeating: 0x19, count: 40) + [0x19], [0x1C, 0x1C, 0x00, 0x00],
        // Little-endian 32-bit lengths as pages and the file's tail hold them.
        [0xFF, 0xFF, 0xFF, 0x7F], [0x00, 0x00, 0x00, 0x80], [0x00, 0x00, 0x00, 0x00], Array("PAR1".utf8),
    ]

    /// Bytes that mean something at any position: zero, sign and continuation bits, nibble edges.
    static let interestingBytes: [UInt8] = [0x00, 0x01, 0x0F, 0x10, 0x7F, 0x80, 0x81, 0xF0, 0xFE, 0xFF]

    /// One to four mutations of `bytes[region]`; the rest of `bytes` is kept (and shifted
    /// when the region grows or shrinks). Returns the mutant and the region's new end.
    mutating func mutate(_ bytes: [UInt8], in region: Range<Int>, maxGrowth: Int = 4096) -> (bytes: [UInt8], regionEnd: Int) {
        var head = Array(bytes[..<region.lowerBound])
        var part = Array(bytes[region])
        let tail = bytes[region.upperBound...]
        let limit = part.count + maxGrowth
        for _ in 0..<Int.random(in: 1...4, using: &rng) { mutateOnce(&part) }
        if part.count > limit { part.removeSubrange(limit...) }
        let end = head.count + part.count
        head += part
        head += tail
        return (head, end)
    }

    private mutating func index(_ bytes: [UInt8]) -> Int { Int.random(in: 0..<bytes.count, using: &rng) }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        switch Int.random(in: 0..<12, using: &rng) {
        case 0...1 where !bytes.isEmpty:
            bytes[index(bytes)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 2 where !bytes.isEmpty:
            bytes[index(bytes)] = UInt8.random(in: 0...255, using: &rng)
        case 3 where !bytes.isEmpty:
            bytes[index(bytes)] = Self.interestingBytes[Int.random(in: 0..<Self.interestingBytes.count, using: &rng)]
        case 4:
            let random = (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.insert(contentsOf: random, at: Int.random(in: 0...bytes.count, using: &rng))
        case 5 where !bytes.isEmpty:
            let start = index(bytes)
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...16, using: &rng)))
        case 6 where !bytes.isEmpty:
            bytes.removeSubrange(index(bytes)...)
        case 7 where !bytes.isEmpty:
            // Duplicate a fragment elsewhere (repeated fields, list elements, nesting).
            let start = index(bytes)
            let fragment = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...64, using: &rng))])
            bytes.insert(contentsOf: fragment, at: Int.random(in: 0...bytes.count, using: &rng))
        case 8...9 where !bytes.isEmpty:
            // Overwrite with a token, keeping the length (a field's value replaced in place).
            let token = Self.tokens[Int.random(in: 0..<Self.tokens.count, using: &rng)]
            let start = index(bytes)
            let end = min(bytes.count, start + token.count)
            bytes.replaceSubrange(start..<end, with: token.prefix(end - start))
        default:
            let token = Self.tokens[Int.random(in: 0..<Self.tokens.count, using: &rng)]
            bytes.insert(contentsOf: token, at: Int.random(in: 0...bytes.count, using: &rng))
        }
    }
}
