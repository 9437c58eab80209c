/// The values of a STRING column kept in one contiguous byte buffer plus offsets, so that
/// millions of values cost three allocations rather than one per value.
public struct ByteArrayColumn: Sendable {
    /// Concatenated bytes of all non-null values.
    @usableFromInline var storage: [UInt8]
    /// `offsets[i]..<offsets[i+1]` is value i in `storage` (empty for nulls).
    @usableFromInline var offsets: [Int]
    /// `isNull[i]` tells whether value i is null.
    @usableFromInline var isNull: [Bool]
    public private(set) var nullCount: Int

    public init() {
        storage = []
        offsets = [0]
        isNull = []
        nullCount = 0
    }

    /// Pre-sizes the buffers for `values` values holding about `bytes` bytes in total.
    public init(reservingValues values: Int, bytes: Int) {
        self.init()
        storage.reserveCapacity(bytes)
        offsets.reserveCapacity(values + 1)
        isNull.reserveCapacity(values)
    }

    /// A column from values already laid out elsewhere (copied): value i is
    /// `storage[offsets[i]..<offsets[i+1]]`, or null when `isNull[i]`. `offsets` holds one
    /// entry more than `isNull`, starts at 0 and ends at `storage.count`.
    public init(storage: UnsafeRawBufferPointer, offsets: UnsafeBufferPointer<Int>, isNull: UnsafeBufferPointer<Bool>) {
        precondition(offsets.count == isNull.count + 1 && offsets.first == 0 && offsets.last == storage.count,
                     "ByteArrayColumn: offsets do not describe the storage")
        self.storage = Array(storage.assumingMemoryBound(to: UInt8.self))
        self.offsets = Array(offsets)
        self.isNull = Array(isNull)
        var nulls = 0
        for null in isNull where null { nulls &+= 1 }
        nullCount = nulls
    }

    /// A column that takes over arrays laid out as above (no copy): value i is
    /// `storage[offsets[i]..<offsets[i+1]]`, or null when `isNull[i]`.
    public init(storage: [UInt8], offsets: [Int], isNull: [Bool]) {
        precondition(offsets.count == isNull.count + 1 && offsets.first == 0 && offsets.last == storage.count,
                     "ByteArrayColumn: offsets do not describe the storage")
        self.storage = storage
        self.offsets = offsets
        self.isNull = isNull
        var nulls = 0
        for null in isNull where null { nulls &+= 1 }
        nullCount = nulls
    }

    /// Calls `body` once with the raw storage, offsets and null flags (no per-value calls).
    public func withRawParts<R>(_ body: (UnsafeRawBufferPointer, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Bool>) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { raw in
            try offsets.withUnsafeBufferPointer { offsets in
                try isNull.withUnsafeBufferPointer { isNull in try body(raw, offsets, isNull) }
            }
        }
    }

    /// Number of values, nulls included.
    public var count: Int { isNull.count }

    /// Total bytes of the non-null values.
    public var byteCount: Int { storage.count }

    public mutating func append(_ value: String) {
        let appended: Void? = value.utf8.withContiguousStorageIfAvailable { storage.append(contentsOf: $0) }
        if appended == nil { storage.append(contentsOf: value.utf8) }
        offsets.append(storage.count)
        isNull.append(false)
    }

    public mutating func append(bytes: UnsafeRawBufferPointer) {
        // Typed pointers take Array's memcpy path; raw buffers would be appended byte by byte.
        storage.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
        offsets.append(storage.count)
        isNull.append(false)
    }

    public mutating func appendNull() {
        offsets.append(storage.count)
        isNull.append(true)
        nullCount += 1
    }

    /// Whether value `index` is null.
    public func isNull(at index: Int) -> Bool { isNull[index] }

    /// Value `index` as a String (invalid UTF-8 is repaired), or nil when null.
    public subscript(index: Int) -> String? {
        if isNull[index] { return nil }
        return storage.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[index]..<offsets[index + 1]]), as: UTF8.self)
        }
    }

    /// Calls `body` with the bytes of value `index` (nil when null) without copying them.
    public func withBytes<R>(at index: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        if isNull[index] { return try body(nil) }
        return try storage.withUnsafeBytes { raw in
            try body(UnsafeRawBufferPointer(rebasing: raw[offsets[index]..<offsets[index + 1]]))
        }
    }

    /// Calls `body` with every value's bytes in order (nil for nulls), without copying them.
    public func forEachValue(_ body: (UnsafeRawBufferPointer?) throws -> Void) rethrows {
        try storage.withUnsafeBytes { raw in
            try offsets.withUnsafeBufferPointer { offsets in
                try isNull.withUnsafeBufferPointer { isNull in
                    for index in 0..<isNull.count {
                        if isNull[index] {
                            try body(nil)
                        } else {
                            try body(UnsafeRawBufferPointer(rebasing: raw[offsets[index]..<offsets[index + 1]]))
                        }
                    }
                }
            }
        }
    }

    /// All values as Strings (nil for nulls); convenient for tests and small outputs.
    public var strings: [String?] { (0..<count).map { self[$0] } }
}

extension ByteArrayColumn: Equatable {
    public static func == (lhs: ByteArrayColumn, rhs: ByteArrayColumn) -> Bool {
        guard lhs.isNull == rhs.isNull else { return false }
        for i in 0..<lhs.count where !lhs.isNull[i] {
            let a = lhs.storage[lhs.offsets[i]..<lhs.offsets[i + 1]]
            let b = rhs.storage[rhs.offsets[i]..<rhs.offsets[i + 1]]
            if !a.elementsEqual(b) { return false }
        }
        return true
    }
}

extension ByteArrayColumn {
    /// Writes a run of values straight into a column's reserved buffers.
    struct BulkWriter {
        fileprivate let storage: UnsafeMutableRawPointer?
        fileprivate let offsets: UnsafeMutablePointer<Int>
        fileprivate let isNull: UnsafeMutablePointer<Bool>
        fileprivate var byte: Int
        fileprivate var slot = 0
        fileprivate var nulls = 0
        fileprivate let byteLimit: Int
        fileprivate let slotLimit: Int

        @inline(__always)
        mutating func value(_ bytes: UnsafeRawBufferPointer) {
            precondition(slot < slotLimit && byte + bytes.count <= byteLimit, "BulkWriter: more values than reserved")
            if let base = bytes.baseAddress, bytes.count > 0, let storage {
                (storage + byte).copyMemory(from: base, byteCount: bytes.count)
            }
            byte += bytes.count
            isNull[slot] = false
            slot += 1
            offsets[slot] = byte
        }

        @inline(__always)
        mutating func null() {
            precondition(slot < slotLimit, "BulkWriter: more values than reserved")
            isNull[slot] = true
            nulls += 1
            slot += 1
            offsets[slot] = byte
        }
    }

    /// Appends exactly `values` values holding exactly `bytes` bytes, written by `fill`: one
    /// buffer growth instead of a uniqueness check and a capacity check per value, which
    /// dominated decoding.
    mutating func appendBulk(values: Int, bytes: Int, _ fill: (inout BulkWriter) throws -> Void) rethrows {
        let byteStart = storage.count
        let slotStart = isNull.count
        storage.append(contentsOf: repeatElement(0, count: bytes))
        offsets.append(contentsOf: repeatElement(byteStart, count: values))
        isNull.append(contentsOf: repeatElement(false, count: values))
        var added = 0
        try storage.withUnsafeMutableBytes { storage in
            try offsets.withUnsafeMutableBufferPointer { offsets in
                try isNull.withUnsafeMutableBufferPointer { isNull in
                    guard let offsetBase = offsets.baseAddress, let nullBase = isNull.baseAddress else { return }
                    var writer = BulkWriter(storage: storage.baseAddress.map { $0 + byteStart }, offsets: offsetBase + slotStart,
                                            isNull: nullBase + slotStart, byte: 0, byteLimit: bytes, slotLimit: values)
                    try fill(&writer)
                    precondition(writer.slot == values && writer.byte == bytes, "BulkWriter: fewer values than reserved")
                    // Offsets so far are relative to the run's start.
                    for index in 1...max(1, values) where values > 0 { offsetBase[slotStart + index] += byteStart }
                    added = writer.nulls
                }
            }
        }
        nullCount += added
    }
}
