/// Distinct 64-bit patterns (INT32/INT64/DOUBLE values) with their dictionary indices.
struct FixedWidthDictionary<Value: FixedWidthValue>: ChunkDictionary {
    private(set) var values: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    init() {
        // Small to start, as wide files hold one per column; `grow` doubles it at half full.
        slots = [Int32](repeating: 0, count: 32)
        mask = 31
    }

    private init(capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    var count: Int { values.count }

    var plainSize: Int { values.count &* Value.byteWidth }

    /// Leaves a one-slot dictionary behind, so the loop's copy is the arrays' only owner.
    mutating func moveOut() -> Self {
        let taken = self
        self = Self(capacity: 1)
        return taken
    }

    func deallocate() {}

    /// The PLAIN encoding of all entries, for the dictionary page.
    func plainEncoded(into out: inout [UInt8]) {
        for key in values {
            withUnsafeBytes(of: Value(dictionaryKey: key)) { out.append(contentsOf: $0) }
        }
    }

    @inline(__always)
    mutating func index(of value: UInt64) -> (index: Int32, inserted: Bool) {
        var slot = Int(truncatingIfNeeded: ByteHash.mix(value)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if values[Int(entry) - 1] == value { return (entry - 1, false) }
            slot = (slot + 1) & mask
        }
        let e = values.count
        values.append(value)
        slots[slot] = Int32(e + 1)
        if values.count * 2 > slots.count { grow() }
        return (Int32(e), true)
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for (e, v) in values.enumerated() {
            var slot = Int(truncatingIfNeeded: ByteHash.mix(v)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e + 1)
        }
    }
}
