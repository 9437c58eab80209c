import Parquet

/// Collects one string column of a bronze batch, field by field, in manually managed memory:
/// an append is a bounds check and a copy, with none of Array's per-call uniqueness checks,
/// which dominate when 12 columns × 64k fields are appended per batch. `makeColumn()` hands
/// the batch to the Parquet writer as one `ByteArrayColumn`.
///
/// Copies alias the same memory; exactly one owner calls `deallocate()`.
struct StringColumnBuilder {
    private var bytes: UnsafeMutableRawPointer
    /// Bytes of the values collected so far.
    private(set) var byteCount = 0
    private var byteCapacity: Int
    /// `count + 1` entries: value i is `bytes[offsets[i]..<offsets[i+1]]`.
    private var offsets: UnsafeMutablePointer<Int>
    private var nulls: UnsafeMutablePointer<Bool>
    private(set) var count = 0
    private(set) var nullCount = 0
    private var capacity: Int

    init(values: Int = 1024, bytes: Int = 64 << 10) {
        capacity = max(values, 1)
        byteCapacity = max(bytes, 64)
        self.bytes = .allocate(byteCount: byteCapacity, alignment: 8)
        offsets = .allocate(capacity: capacity + 1)
        offsets[0] = 0
        nulls = .allocate(capacity: capacity)
    }

    func deallocate() {
        bytes.deallocate()
        offsets.deallocate()
        nulls.deallocate()
    }

    /// Appends a field's bytes, or a null.
    @inline(__always)
    mutating func append(_ field: UnsafeRawBufferPointer?) {
        if count == capacity { growValues() }
        if let field, let source = field.baseAddress {
            let length = field.count
            if byteCount &+ length > byteCapacity { growBytes(to: byteCount &+ length) }
            Self.copy(source, to: bytes + byteCount, count: length)
            byteCount &+= length
        }
        nulls[count] = field == nil
        nullCount &+= field == nil ? 1 : 0
        count &+= 1
        offsets[count] = byteCount
    }

    /// Most fields are a few bytes long, where calling memmove costs more than the copy:
    /// those are moved as two overlapping words, never touching bytes outside either range.
    @inline(__always)
    private static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
        switch count {
        case 8...16:
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        case 4..<8:
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: count &- 4, as: UInt32.self)
        case 0..<4:
            for i in 0..<count { target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        default:
            target.copyMemory(from: source, byteCount: count)
        }
    }

    /// The collected values as a Parquet column (copied out; the builder keeps its memory).
    func makeColumn() -> ByteArrayColumn {
        ByteArrayColumn(storage: UnsafeRawBufferPointer(start: bytes, count: byteCount),
                        offsets: UnsafeBufferPointer(start: offsets, count: count + 1),
                        isNull: UnsafeBufferPointer(start: nulls, count: count))
    }

    /// Empties the builder, keeping its capacity for the next batch.
    mutating func removeAll() {
        count = 0
        nullCount = 0
        byteCount = 0
    }

    private mutating func growValues() {
        let newCapacity = capacity * 2
        let newOffsets = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity + 1)
        newOffsets.initialize(from: offsets, count: count + 1)
        offsets.deallocate()
        offsets = newOffsets
        let newNulls = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newNulls.initialize(from: nulls, count: count)
        nulls.deallocate()
        nulls = newNulls
        capacity = newCapacity
    }

    private mutating func growBytes(to needed: Int) {
        var newCapacity = byteCapacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBytes = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBytes.copyMemory(from: bytes, byteCount: byteCount)
        bytes.deallocate()
        bytes = newBytes
        byteCapacity = newCapacity
    }
}
