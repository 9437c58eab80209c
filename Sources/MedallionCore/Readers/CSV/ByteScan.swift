/// Finds the next of three bytes eight bytes at a time (SWAR: SIMD within a register), for
/// the CSV reader's runs of ordinary bytes, which make up most of a file.
enum ByteScan {
    /// `byte` in every byte of a word.
    @inline(__always)
    static func pattern(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The high bit of each byte of `word` that equals the byte of `pattern`. The lowest set
    /// bit is exact; bits above a match may be spurious (a borrow), which finding the first
    /// match never looks at.
    @inline(__always)
    static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The offset of the first byte in `start..<end` of `base` equal to one of the three
    /// patterns' bytes, or `end` when there is none.
    @inline(__always)
    static func firstOf(_ a: UInt64, _ b: UInt64, _ c: UInt64, in base: UnsafeRawPointer, from start: Int, to end: Int) -> Int {
        var offset = start
        while offset &+ 8 <= end {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            let found = matches(word, a) | matches(word, b) | matches(word, c)
            if found != 0 { return offset &+ found.trailingZeroBitCount >> 3 }
            offset &+= 8
        }
        let byteA = UInt8(truncatingIfNeeded: a), byteB = UInt8(truncatingIfNeeded: b), byteC = UInt8(truncatingIfNeeded: c)
        while offset < end {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            if byte == byteA || byte == byteB || byte == byteC { return offset }
            offset &+= 1
        }
        return end
    }
}
