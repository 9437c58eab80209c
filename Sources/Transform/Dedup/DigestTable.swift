import Foundation

/// Open-addressing index from digest to a slot, for one partition of records at a time.
/// Costs 4 bytes per slot at a load factor of at most 1/2 (8 bytes per record).
struct DigestTable {
    private var slots: [Int32]
    private let mask: Int

    init(records: Int) {
        var capacity = 16
        while capacity < records * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The slot of `digest`: the record index stored there (or -1 when new) and where to store.
    @inline(__always)
    func find(_ digest: RowDigest, in records: UnsafeBufferPointer<DigestRecord>) -> (existing: Int, slot: Int) {
        var slot = Int(truncatingIfNeeded: digest.low) & mask
        while true {
            let stored = Int(slots[slot])
            if stored < 0 || records[stored].digest == digest { return (stored, slot) }
            slot = (slot &+ 1) & mask
        }
    }

    @inline(__always)
    mutating func store(_ record: Int, at slot: Int) {
        slots[slot] = Int32(record)
    }

    /// Every stored record index.
    var stored: [Int] { slots.compactMap { $0 < 0 ? nil : Int($0) } }
}

/// Chooses one row per key: the greatest order key, ties (and no order) to the last row in
/// input order. Feed rows in input order. Each row costs a 32-byte record plus 8 bytes of
/// table while its partition is resolved: a million keys cost 40 MB. Beyond `budgetBytes` the
/// records spill to one file per partition and partitions are resolved one at a time, so
/// memory stays at the budget however many rows come.
public final class KeyWinners {
    private let partitions: DigestPartitions
    private let rowCount: Int

    /// `rowCount` bounds the positions fed; `spillDirectory` receives scratch files when the
    /// rows' digests exceed `budgetBytes`.
    public init(rowCount: Int, budgetBytes: Int, spillDirectory: URL?) {
        self.rowCount = rowCount
        partitions = DigestPartitions(records: rowCount, budgetBytes: budgetBytes, directory: spillDirectory)
    }

    /// Spill partitions in use (1 when everything fits the budget).
    public var partitionCount: Int { partitions.count }

    public func add(digest: RowDigest, position: Int, order: OrderKey) throws {
        try partitions.add(DigestRecord(digest: digest, position: position, order: order))
    }

    /// The winning rows, one per distinct key.
    public func resolve() throws -> RowBitset {
        var winners = RowBitset(count: rowCount)
        try partitions.forEachPartition { records in
            var table = DigestTable(records: records.count)
            records.withUnsafeBufferPointer { records in
                for index in records.indices {
                    let (existing, slot) = table.find(records[index].digest, in: records)
                    // Later rows come later: `>=` hands ties to the last one.
                    if existing < 0 || records[index].order >= records[existing].order {
                        table.store(index, at: slot)
                    }
                }
            }
            for index in table.stored { winners[records[index].position] = true }
        }
        return winners
    }
}

/// Marks every row whose digest occurs more than once (the `unique` check).
public final class DuplicateMarker {
    private let partitions: DigestPartitions
    private let rowCount: Int

    public init(rowCount: Int, budgetBytes: Int, spillDirectory: URL?) {
        self.rowCount = rowCount
        partitions = DigestPartitions(records: rowCount, budgetBytes: budgetBytes, directory: spillDirectory)
    }

    public func add(digest: RowDigest, position: Int) throws {
        try partitions.add(DigestRecord(digest: digest, position: position, order: .null))
    }

    /// The rows whose value another row shares.
    public func resolve() throws -> RowBitset {
        var duplicated = RowBitset(count: rowCount)
        try partitions.forEachPartition { records in
            var table = DigestTable(records: records.count)
            var seen = [UInt8](repeating: 0, count: records.count)
            records.withUnsafeBufferPointer { records in
                for index in records.indices {
                    let (existing, slot) = table.find(records[index].digest, in: records)
                    if existing < 0 {
                        table.store(index, at: slot)
                        seen[index] = 1
                    } else if seen[existing] < 2 {
                        seen[existing] = 2
                    }
                }
                for index in records.indices {
                    let (existing, _) = table.find(records[index].digest, in: records)
                    if seen[existing] == 2 { duplicated[records[index].position] = true }
                }
            }
        }
        return duplicated
    }
}
