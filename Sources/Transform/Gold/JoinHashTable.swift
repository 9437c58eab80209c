/// The join's index of build-side rows by key digest: open addressing over distinct keys
/// (as `GroupKeyTable`, but probed without inserting), each key holding its rows as a chain
/// in insertion order. Costs per row 4 bytes of chain, per distinct key 24 bytes plus 8 of
/// slots at a load factor of at most 1/2.
struct JoinHashTable {
    private var digests: [RowDigest] = []
    private var heads: [Int32] = []
    private var tails: [Int32] = []
    /// The next row with the same key, per stored row; -1 ends a chain.
    private(set) var next: [Int32] = []
    private var slots: [Int32]
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 16)
        mask = 15
    }

    /// Approximate bytes held.
    var bytes: Int {
        digests.capacity * MemoryLayout<RowDigest>.stride + (heads.capacity + tails.capacity + next.capacity + slots.count) * 4
    }

    /// Rows stored so far (with or without a key).
    var rowCount: Int { next.count }

    /// Makes room for `count` more rows, initially in no chain.
    mutating func appendRows(_ count: Int) {
        next.append(contentsOf: repeatElement(-1, count: count))
    }

    /// Adds `row` (already appended) to the chain of `digest`.
    mutating func insert(row: Int32, digest: RowDigest) {
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        while true {
            let key = Int(slots[slot])
            if key < 0 { break }
            if digests[key] == digest {
                next[Int(tails[key])] = row
                tails[key] = row
                return
            }
            slot = (slot &+ 1) & mask
        }
        slots[slot] = Int32(truncatingIfNeeded: digests.count)
        digests.append(digest)
        heads.append(row)
        tails.append(row)
        if digests.count &* 2 > slots.count { grow() }
    }

    /// The first row with key `digest`, -1 when none.
    @inline(__always)
    func first(_ digest: RowDigest) -> Int32 {
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        while true {
            let key = Int(slots[slot])
            if key < 0 { return -1 }
            if digests[key] == digest { return heads[key] }
            slot = (slot &+ 1) & mask
        }
    }

    private mutating func grow() {
        let capacity = slots.count << 1
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (key, digest) in digests.enumerated() {
            var slot = Int(truncatingIfNeeded: digest.low) & mask
            while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: key)
        }
    }
}
