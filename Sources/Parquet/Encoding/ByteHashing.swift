/// A fast non-cryptographic 64-bit hash of byte strings: one multiply per 8-byte word and a
/// murmur-style finaliser, so every output bit depends on every input bit. Used by dictionary
/// encoding here and by distinct-count sketches elsewhere; deterministic across runs.
public enum ByteHash {
    @inlinable @inline(__always)
    public static func hash(_ pointer: UnsafeRawPointer, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var i = 0
        while i &+ 8 <= count {
            let word = pointer.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i &+= 8
        }
        if i < count {
            // The tail as one (overlapping) load instead of a byte loop.
            let tail: UInt64
            if count >= 8 {
                tail = pointer.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            } else if count >= 4 {
                let low = UInt64(pointer.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                let high = UInt64(pointer.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
                tail = low | high << 32
            } else {
                var bytes: UInt64 = 0
                for k in 0..<count { bytes |= UInt64(pointer.load(fromByteOffset: k, as: UInt8.self)) << UInt64(8 &* k) }
                tail = bytes
            }
            h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        }
        return mix(h)
    }

    /// The hash of a buffer's bytes; an empty buffer may have no address.
    @inlinable @inline(__always)
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress else { return mix(0x9E37_79B9_7F4A_7C15) }
        return hash(base, bytes.count)
    }

    /// The murmur3 64-bit finaliser: spreads a 64-bit value over all bits.
    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }
}
