/// Where each field of the record being scanned lies in the read buffer, in manually managed
/// memory: recording a field is three stores, with none of Array's per-append uniqueness
/// checks (three per field add up over millions of records).
///
/// Fields past `limit` are counted but not stored, so a record of millions of delimiters
/// (bound to be rejected) costs no more memory than the widest record that can be valid.
///
/// Copies alias the same memory; exactly one owner calls `deallocate()`.
struct FieldBounds {
    private(set) var starts: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var nulls: UnsafeMutablePointer<Bool>
    /// Fields stored.
    private(set) var count = 0
    /// Fields seen beyond the stored ones (only once `limit` is reached).
    private(set) var excess = 0
    /// How many fields are worth storing; set by the reader from the expected width.
    var limit = Int.max
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        starts = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
        nulls = .allocate(capacity: capacity)
    }

    func deallocate() {
        starts.deallocate()
        ends.deallocate()
        nulls.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// Every field the record had, stored or not.
    var total: Int { count + excess }

    /// Start of the first field and end of the last, when there are fields.
    var span: Range<Int>? { count == 0 ? nil : starts[0]..<max(starts[0], ends[count - 1]) }

    @inline(__always)
    mutating func append(start: Int, end: Int, null: Bool) {
        if count == capacity {
            guard capacity < limit else {
                excess &+= 1
                return
            }
            grow()
        }
        starts[count] = start
        ends[count] = end
        nulls[count] = null
        count &+= 1
    }

    mutating func removeAll() {
        count = 0
        excess = 0
    }

    /// Replaces the record's fields with those `body` stores (at most the capacity it is given)
    /// and returns how many it stored; 0 leaves the bounds empty.
    mutating func fill(_ body: (_ starts: UnsafeMutablePointer<Int>, _ ends: UnsafeMutablePointer<Int>,
                                _ nulls: UnsafeMutablePointer<Bool>, _ capacity: Int) -> Int) -> Int {
        count = body(starts, ends, nulls, capacity)
        excess = 0
        return count
    }

    /// Moves every bound `shift` bytes back, after the buffer's contents moved to its front.
    mutating func shift(by shift: Int) {
        for i in 0..<count {
            starts[i] -= shift
            ends[i] -= shift
        }
    }

    /// The fields as `RecordFields` over `base`, the buffer they point into.
    func fields(base: UnsafeRawPointer?) -> RecordFields {
        RecordFields(base: base, starts: UnsafeBufferPointer(start: starts, count: count),
                     ends: UnsafeBufferPointer(start: ends, count: count), nulls: UnsafeBufferPointer(start: nulls, count: count))
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let newEnds = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let newNulls = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newStarts.initialize(from: starts, count: count)
        newEnds.initialize(from: ends, count: count)
        newNulls.initialize(from: nulls, count: count)
        deallocate()
        starts = newStarts
        ends = newEnds
        nulls = newNulls
        capacity = newCapacity
    }
}
