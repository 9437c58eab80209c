#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Distinct byte strings of a column chunk with their dictionary indices: an open-addressing
/// hash table over one contiguous byte store (no per-value allocation). A struct so the
/// writer's hot loop can own it in a local variable, free of class exclusivity checks.
struct ByteArrayDictionary {
    private(set) var bytes: [UInt8] = []
    /// Entry i is `bytes[offsets[i]..<offsets[i+1]]`.
    private(set) var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Slot -> upper 32 hash bits << 32 | (entry index + 1); 0 = empty. Keeping the hash
    /// in the slot rejects most non-matching probes without touching another array.
    private var slots: [UInt64]
    private var mask: Int
    /// Size of the PLAIN-encoded dictionary page (4-byte length + bytes per entry).
    private(set) var plainSize = 0

    init() {
        slots = [UInt64](repeating: 0, count: 1024)
        offsets.reserveCapacity(1024)
        mask = 1023
        bytes.reserveCapacity(64 << 10)
    }

    /// An empty value that owns no table, to leave behind while a writer's hot loop has
    /// moved the real dictionary into a local variable.
    static let placeholder = ByteArrayDictionary(capacity: 1)

    private init(capacity: Int) {
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    var count: Int { offsets.count - 1 }

    /// The index of `value`, inserting it when new; `inserted` tells which.
    @inline(__always)
    mutating func index(of value: UnsafeRawPointer, count length: Int) -> (index: Int32, inserted: Bool) {
        let h = hashBytes(value, length)
        var slot = Int(truncatingIfNeeded: h) & mask
        let tag = h & 0xFFFF_FFFF_0000_0000
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            offsets.withUnsafeBufferPointer { offsets in
                bytes.withUnsafeBytes { bytes in
                    // Only nil while no bytes are stored; every entry is then empty.
                    let storage = bytes.baseAddress ?? value
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let e = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                            let start = offsets[e]
                            if offsets[e + 1] - start == length
                                && (length == 0 || bytesEqual(storage + start, value, length)) {
                                return Int32(e)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found { return (found, false) }
        let e = count
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: value, count: length))
        offsets.append(bytes.count)
        hashes.append(h)
        slots[slot] = tag | UInt64(e + 1)
        plainSize += 4 + length
        if count * 2 > slots.count { grow() }
        return (Int32(e), true)
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for e in 0..<count {
            let h = hashes[e]
            var slot = Int(truncatingIfNeeded: h) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
        }
    }

    /// The PLAIN encoding of all entries, for the dictionary page.
    func plainEncoded(into out: inout [UInt8]) {
        out.reserveCapacity(out.count + plainSize)
        for e in 0..<count {
            let length = offsets[e + 1] - offsets[e]
            withUnsafeBytes(of: UInt32(length).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes[offsets[e]..<offsets[e + 1]])
        }
    }
}
