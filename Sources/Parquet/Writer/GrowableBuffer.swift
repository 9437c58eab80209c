/// A manually managed array of trivial values for the writer's per-value hot loops: appends
/// cost a compare and a store, with no reference counting or uniqueness checks. Copies alias
/// the same memory, so exactly one owner calls `deallocate()`.
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = value
        count &+= 1
    }

    mutating func removeAll() { count = 0 }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    mutating func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

extension GrowableBuffer where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawPointer, count length: Int) {
        if count &+ length > capacity { grow(to: count + length) }
        UnsafeMutableRawPointer(base + count).copyMemory(from: bytes, byteCount: length)
        count &+= length
    }

    @inline(__always)
    mutating func appendLittleEndian(_ value: UInt32) {
        if count &+ 4 > capacity { grow(to: count + 4) }
        UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: UInt32.self)
        count &+= 4
    }

    @inline(__always)
    mutating func appendLittleEndian(_ value: UInt64) {
        if count &+ 8 > capacity { grow(to: count + 8) }
        UnsafeMutableRawPointer(base + count).storeBytes(of: value.littleEndian, as: UInt64.self)
        count &+= 8
    }

    var rawBuffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
