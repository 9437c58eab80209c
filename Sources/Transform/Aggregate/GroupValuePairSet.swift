/// The set of (group, value number) pairs `count_distinct` has seen: open addressing over
/// one 64-bit word per pair, 16 bytes per pair at a load factor of at most 1/2 (a general
/// `Set` of digests cost about 40).
struct GroupValuePairSet {
    /// Empty slots hold `empty`; groups and value numbers are below 2³¹, so no pair is it.
    private static let empty = UInt64.max
    private var slots = [UInt64](repeating: GroupValuePairSet.empty, count: 16)
    private var mask = 15
    private(set) var count = 0

    var bytes: Int { slots.count * MemoryLayout<UInt64>.stride }

    /// Adds the pair; true when it was not there before.
    @inline(__always)
    mutating func insert(group: Int32, value: Int32) -> Bool {
        let key = UInt64(UInt32(bitPattern: group)) << 32 | UInt64(UInt32(bitPattern: value))
        var slot = Self.slot(of: key, mask: mask)
        while true {
            let stored = slots[slot]
            if stored == key { return false }
            if stored == Self.empty { break }
            slot = (slot &+ 1) & mask
        }
        slots[slot] = key
        count += 1
        if count &* 2 > slots.count { grow() }
        return true
    }

    @inline(__always)
    private static func slot(of key: UInt64, mask: Int) -> Int {
        let mixed = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 29)) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: Self.empty, count: old.count << 1)
        mask = slots.count - 1
        for key in old where key != Self.empty {
            var slot = Self.slot(of: key, mask: mask)
            while slots[slot] != Self.empty { slot = (slot &+ 1) & mask }
            slots[slot] = key
        }
    }
}
