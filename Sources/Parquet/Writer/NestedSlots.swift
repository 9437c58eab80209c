/// Whole list rows handed to a leaf writer as level entries ("slots"): slot i has
/// `definition[i]` and `repetition[i]`; a slot whose definition level reaches
/// `elementDefinition` holds the next element (null below the maximum), starting at
/// `firstElement` of the element values. Slots below it are null or empty lists.
struct NestedSlots {
    let definition: UnsafeBufferPointer<UInt32>
    let repetition: UnsafeBufferPointer<UInt32>
    let firstElement: Int
    let elementDefinition: UInt32

    var count: Int { definition.count }
}
