/// Distinct byte strings of a column chunk with their dictionary indices: an open-addressing
/// hash table over one contiguous byte store, in manually managed memory so the writer's
/// per-value loop pays no reference counting, uniqueness or exclusivity checks.
///
/// Copies alias the same memory (the writer moves the value into a local for its hot loop
/// and back); exactly one owner calls `deallocate()`.
struct ByteArrayDictionary: ChunkDictionary {
    private var bytes: GrowableBuffer<UInt8>
    /// Entry i's `location` (offset << 32 | length), for the dictionary page and rehashing.
    private var entries: GrowableBuffer<UInt64>
    private var hashes: GrowableBuffer<UInt64>
    /// Slot -> upper 32 hash bits << 32 | (entry index + 1); 0 = empty. Keeping the hash in
    /// the slot rejects most non-matching probes without touching `entries`; 8-byte slots
    /// keep the table of a 10k-entry dictionary within L2.
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask: Int
    /// Size of the PLAIN-encoded dictionary page (4-byte length + bytes per entry).
    private(set) var plainSize = 0

    init() {
        // Small to start (one per column per row group; wide files have thousands): the
        // buffers double as entries arrive, and the table rehashes at half full.
        bytes = GrowableBuffer(capacity: 64)
        entries = GrowableBuffer(capacity: 16)
        hashes = GrowableBuffer(capacity: 16)
        let capacity = 32
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    func deallocate() {
        bytes.deallocate()
        entries.deallocate()
        hashes.deallocate()
        slots.deallocate()
    }

    var count: Int { entries.count }

    /// Copies alias, so the loop's copy and the one left behind are the same dictionary.
    func moveOut() -> Self { self }

    /// The index of `value`, inserting it when new; `inserted` tells which.
    @inline(__always)
    mutating func index(of value: UnsafeRawPointer, count length: Int) -> (index: Int32, inserted: Bool) {
        let h = ByteHash.hash(value, length)
        var slot = Int(truncatingIfNeeded: h) & mask
        let tag = h & 0xFFFF_FFFF_0000_0000
        let storage = UnsafeRawPointer(bytes.base)
        while true {
            let key = slots[slot]
            if key == 0 { break }
            if key & 0xFFFF_FFFF_0000_0000 == tag {
                let location = entries.base[Int(truncatingIfNeeded: key & 0xFFFF_FFFF) &- 1]
                if Int(truncatingIfNeeded: location & 0xFFFF_FFFF) == length
                    && bytesEqual(storage + Int(truncatingIfNeeded: location >> 32), value, length) {
                    return (Int32(truncatingIfNeeded: key & 0xFFFF_FFFF) &- 1, false)
                }
            }
            slot = (slot &+ 1) & mask
        }
        return (insert(value, length, hash: h, slot: slot), true)
    }

    private mutating func insert(_ value: UnsafeRawPointer, _ length: Int, hash h: UInt64, slot: Int) -> Int32 {
        let e = count
        // The dictionary page limit keeps the store far below 4 GiB, so offsets fit 32 bits.
        let location = UInt64(bytes.count) << 32 | UInt64(length)
        bytes.append(bytes: value, count: length)
        entries.append(location)
        hashes.append(h)
        slots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
        plainSize += 4 + length
        if count * 2 > mask { grow() }
        return Int32(e)
    }

    private mutating func grow() {
        let capacity = (mask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        mask = capacity - 1
        for e in 0..<count {
            let h = hashes.base[e]
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
        }
    }

    /// The PLAIN encoding of all entries, for the dictionary page.
    func plainEncoded(into out: inout [UInt8]) {
        out.reserveCapacity(out.count + plainSize)
        for e in 0..<count {
            let location = entries.base[e]
            let length = Int(truncatingIfNeeded: location & 0xFFFF_FFFF)
            withUnsafeBytes(of: UInt32(length).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: UnsafeRawBufferPointer(start: bytes.base + Int(location >> 32), count: length))
        }
    }
}
