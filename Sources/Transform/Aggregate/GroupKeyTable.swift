import Parquet

/// Open-addressing index from a group key's digest to its group number, in first-seen order.
/// Groups are identified by their 128-bit `RowDigest` (seeded per run), as de-duplication
/// identifies keys: two different keys share a digest with probability about n²/2¹²⁹.
/// Costs 16 bytes of digest per group plus 4 bytes per slot at a load factor of at most 1/2.
struct GroupKeyTable {
    private(set) var digests: [RowDigest] = []
    private var slots: [Int32]
    private var mask: Int

    init() {
        slots = [Int32](repeating: -1, count: 16)
        mask = 15
    }

    var count: Int { digests.count }

    /// Approximate bytes held.
    var bytes: Int { digests.capacity * MemoryLayout<RowDigest>.stride + slots.count * MemoryLayout<Int32>.stride }

    /// The group of `digest`, created (numbered after every existing group) when new.
    @inline(__always)
    mutating func group(of digest: RowDigest) -> (group: Int, isNew: Bool) {
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        while true {
            let stored = Int(slots[slot])
            if stored < 0 { break }
            if digests[stored] == digest { return (stored, false) }
            slot = (slot &+ 1) & mask
        }
        let group = digests.count
        digests.append(digest)
        slots[slot] = Int32(truncatingIfNeeded: group)
        if digests.count &* 2 > slots.count { grow() }
        return (group, true)
    }

    private mutating func grow() {
        let capacity = slots.count << 1
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (group, digest) in digests.enumerated() {
            var slot = Int(truncatingIfNeeded: digest.low) & mask
            while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: group)
        }
    }
}

/// The values of one group-by column, one per group in group order, kept typed so they come
/// out as they went in. Separate arrays rather than an enum so appending never copies.
struct GroupKeyColumn {
    let type: ParquetType
    private var booleans: [Bool?] = []
    private var int32s: [Int32?] = []
    private var int64s: [Int64?] = []
    private var doubles: [Double?] = []
    private var strings = ByteArrayColumn()

    init(type: ParquetType) {
        self.type = type
    }

    /// Appends row `row` of `column` (whose case matches `type`).
    mutating func append(row: Int, of column: ColumnValues) {
        switch column {
        case .booleans(let v): booleans.append(v[row])
        case .int32s(let v), .dates(let v): int32s.append(v[row])
        case .int64s(let v), .timestampsMicros(let v): int64s.append(v[row])
        case .doubles(let v): doubles.append(v[row])
        case .byteArrays(let v):
            v.withBytes(at: row) { bytes in
                if let bytes { strings.append(bytes: bytes) } else { strings.appendNull() }
            }
        case .lists:
            preconditionFailure("GroupKeyColumn: list keys are rejected by HashAggregate.init")
        }
    }

    /// Approximate bytes held.
    var bytes: Int {
        booleans.capacity * 2 + int32s.capacity * 8 + int64s.capacity * 16 + doubles.capacity * 16
            + strings.byteCount + strings.count * 9
    }

    var values: ColumnValues {
        switch type {
        case .boolean: return .booleans(booleans)
        case .int32: return .int32s(int32s)
        case .date: return .dates(int32s)
        case .int64: return .int64s(int64s)
        case .timestampMicros: return .timestampsMicros(int64s)
        case .double: return .doubles(doubles)
        case .string, .list: return .byteArrays(strings)
        }
    }
}
