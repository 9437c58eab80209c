/// The values of the data page being filled. Writers move it into a local variable for the
/// duration of an append so the hot loop touches no class properties.
struct PageBuffers {
    var levels: [UInt32] = []
    var indices: [UInt32] = []
    var plain: [UInt8] = []
    var valueCount = 0

    mutating func clear() {
        levels.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        plain.removeAll(keepingCapacity: true)
        valueCount = 0
    }
}
