/// The values of the data page being filled. Writers move it into a local variable for the
/// duration of an append so the hot loop touches no class properties.
///
/// The buffers start at the smallest size and keep what they grew to from page to page: a
/// file of 20,000 columns holds 20,000 of these, so even a kilobyte each would cost more than
/// the data of a narrow row group.
struct PageBuffers {
    /// Definition levels.
    var levels = GrowableBuffer<UInt32>(capacity: 16)
    /// Repetition levels (list columns only).
    var repetition = GrowableBuffer<UInt32>(capacity: 16)
    var indices = GrowableBuffer<UInt32>(capacity: 16)
    var plain = GrowableBuffer<UInt8>(capacity: 64)
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
