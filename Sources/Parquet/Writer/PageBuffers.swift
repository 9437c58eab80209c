/// The values of the data page being filled. Writers move it into a local variable for the
/// duration of an append so the hot loop touches no class properties.
struct PageBuffers {
    /// Definition levels.
    var levels = GrowableBuffer<UInt32>(capacity: 4096)
    /// Repetition levels (list columns only).
    var repetition = GrowableBuffer<UInt32>(capacity: 16)
    var indices = GrowableBuffer<UInt32>(capacity: 4096)
    var plain = GrowableBuffer<UInt8>(capacity: 64 * 1024)
    var valueCount = 0

    mutating func clear() {
        levels.removeAll()
        repetition.removeAll()
        indices.removeAll()
        plain.removeAll()
        valueCount = 0
    }

    func deallocate() {
        levels.deallocate()
        repetition.deallocate()
        indices.deallocate()
        plain.deallocate()
    }
}
