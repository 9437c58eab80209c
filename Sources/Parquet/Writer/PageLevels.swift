/// The levels of one data page, one entry per value slot, as the emitter encodes them.
struct PageLevels {
    let shape: LevelShape
    /// Nil when the column has no definition levels (REQUIRED, top level).
    let definition: UnsafeBufferPointer<UInt32>?
    /// Nil when the column is not repeated.
    let repetition: UnsafeBufferPointer<UInt32>?

    /// Slots that hold no value: null values, and for lists also null and empty lists.
    var nullSlots: Int {
        guard let definition else { return 0 }
        let max = UInt32(shape.maxDefinition)
        var nulls = 0
        for level in definition where level < max { nulls &+= 1 }
        return nulls
    }

    /// Rows that start in the page: every slot for a flat column, else the repetition-level zeros.
    func rows(valueCount: Int) -> Int {
        guard let repetition else { return valueCount }
        var rows = 0
        for level in repetition where level == 0 { rows &+= 1 }
        return rows
    }
}
