/// A 128-bit digest of one row's key values. Two rows with equal keys always have equal
/// digests; two different keys collide with probability about n²/2¹²⁹ (8 million keys:
/// 1 in 10²⁵), and the seed is drawn per run so no crafted input can aim at a collision.
/// De-duplication keeps digests instead of values so its memory does not grow with key width.
public struct RowDigest: Hashable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}

/// Two independent seeded 64-bit hash lanes over values, folded column by column into row
/// digests. Each value is hashed with its length (or a null marker) so that ("ab", "c") and
/// ("a", "bc") differ.
public struct DigestSeed: Sendable, Equatable {
    var a: UInt64
    var b: UInt64

    /// A fresh random seed (one per run).
    public static func random() -> DigestSeed {
        var generator = SystemRandomNumberGenerator()
        return DigestSeed(a: generator.next(), b: generator.next())
    }

    /// A fixed seed, for reproducible tests.
    public init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }
}

enum SeededHash {
    static let multiplierA: UInt64 = 0xFF51_AFD7_ED55_8CCD
    static let multiplierB: UInt64 = 0x9FB2_1C65_1E98_DF25

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    /// One lane over a byte string: one multiply per 8-byte word, the tail as one overlapping load.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64, multiplier: UInt64) -> UInt64 {
        let count = bytes.count
        var h = seed ^ (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress, count > 0 else { return mix(h) }
        var i = 0
        while i &+ 8 <= count {
            h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* multiplier
            h ^= h >> 31
            i &+= 8
        }
        if i < count {
            var tail: UInt64 = 0
            if count >= 8 {
                tail = base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            } else if count >= 4 {
                tail = UInt64(base.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                    | UInt64(base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)) << 32
            } else {
                for k in 0..<count { tail |= UInt64(base.load(fromByteOffset: k, as: UInt8.self)) << UInt64(8 &* k) }
            }
            h = (h ^ tail) &* multiplier
        }
        return mix(h)
    }

    @inline(__always)
    static func hash(word: UInt64, seed: UInt64, multiplier: UInt64) -> UInt64 {
        mix((seed ^ word) &* multiplier ^ 0x2545_F491_4F6C_DD1D)
    }
}
