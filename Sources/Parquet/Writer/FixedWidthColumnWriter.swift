/// Writes an INT32/DATE, INT64/TIMESTAMP or DOUBLE column, dictionary-encoded until the
/// dictionary outgrows its limit or the values look near-unique, then PLAIN; or, for integer
/// columns that ask for it, DELTA_BINARY_PACKED throughout.
final class FixedWidthColumnWriter<Value: FixedWidthValue>: LeafColumnWriter {
    private let levels: LevelShape
    private let pages: DictionaryPageFlusher<FixedWidthDictionary<Value>>
    private let extract: (ColumnValues) -> [Value?]?

    private var nullCount: Int64 = 0
    private var minValue: Value?
    private var maxValue: Value?

    init(levels: LevelShape, options: ParquetWriterOptions, encoding: ParquetValueEncoding, emitter: PageEmitter,
         extract: @escaping (ColumnValues) -> [Value?]?) {
        self.levels = levels
        pages = DictionaryPageFlusher(levels: levels, options: options, emitter: emitter, encoding: encoding,
                                      valueWidth: Value.byteWidth)
        self.extract = extract
    }

    var estimatedSize: Int { pages.estimatedSize }

    func use(_ emitter: PageEmitter) { pages.emitter = emitter }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard let array = extract(values) else {
            throw ParquetError.invalidBatch("unexpected \(values.parquetType.name) values for a \(Value.self) column")
        }
        try append(array, slots: range, nested: nil)
    }

    func append(elements: ColumnValues, slots: NestedSlots) throws {
        guard let array = extract(elements) else {
            throw ParquetError.invalidBatch("unexpected \(elements.parquetType.name) elements for a \(Value.self) list")
        }
        try append(array, slots: 0..<slots.count, nested: slots)
    }

    /// Flat columns: `slots` are the value indices. Lists: `slots` index `nested`, whose
    /// entries pick the elements; page breaks then wait for the next row start.
    // Called through the `LeafColumnWriter` existential, a generic class's methods run
    // unspecialized (every value through witness tables, ~4× slower): these name the
    // specializations the writer's three value types need.
    @_specialize(where Value == Int64)
    @_specialize(where Value == Int32)
    @_specialize(where Value == Double)
    private func append(_ array: [Value?], slots: Range<Int>, nested: NestedSlots?) throws {
        let maxDefinition = UInt32(levels.maxDefinition)
        let pages = self.pages
        let isNested = nested != nil
        // Move the state out of the objects for the loop; put it back however the loop ends.
        var fill = pages.beginAppend()
        var nullCount = self.nullCount
        var minValue = self.minValue
        var maxValue = self.maxValue
        defer {
            pages.endAppend(fill)
            self.nullCount = nullCount
            self.minValue = minValue
            self.maxValue = maxValue
        }
        @inline(__always) func updateStatistics(_ value: Value) {
            guard value.isOrderable else { return }
            if let lo = minValue, let hi = maxValue {
                if Value.lessThan(value, lo) { minValue = value }
                if Value.lessThan(hi, value) { maxValue = value }
            } else {
                minValue = value
                maxValue = value
            }
        }
        var element = nested?.firstElement ?? 0
        try array.withUnsafeBufferPointer { buffer in
            for slot in slots {
                let value: Value
                if let nested {
                    let definition = try pages.openListSlot(slot, of: nested, &fill)
                    guard definition == maxDefinition, let present = buffer[element] else {
                        pages.skipListSlot(definition: definition, of: nested, element: &element, &fill)
                        nullCount &+= 1
                        continue
                    }
                    value = present
                    element &+= 1
                } else {
                    let slotValue = buffer[slot]
                    guard try pages.openFlatSlot(isNull: slotValue == nil, &fill), let present = slotValue else {
                        nullCount &+= 1
                        continue
                    }
                    value = present
                }
                if fill.dictionaryActive {
                    let (index, inserted) = fill.dictionary.index(of: value.dictionaryKey)
                    if inserted { updateStatistics(value) }
                    try pages.appendIndex(index, inserted: inserted, nested: isNested, &fill)
                } else {
                    withUnsafeBytes(of: value) { raw in
                        if let address = raw.baseAddress { fill.page.plain.append(bytes: address, count: raw.count) }
                    }
                    updateStatistics(value)
                    try pages.plainValueAppended(nested: isNested, &fill)
                }
            }
        }
        // Nested slots always end with a whole row, so a pending break can happen here.
        try pages.breakPage(fill.deferred, &fill)
    }

    func finish() throws -> EncodedColumnChunk {
        var finished = try pages.finishChunk()
        var statistics = ParquetStatistics()
        statistics.nullCount = nullCount
        if var minValue, var maxValue {
            // Parquet asks for -0.0 as a zero minimum and +0.0 as a zero maximum.
            if let m = minValue as? Double, m == 0, let z = (-0.0 as Double) as? Value { minValue = z }
            if let m = maxValue as? Double, m == 0, let z = (0.0 as Double) as? Value { maxValue = z }
            statistics.minValue = minValue.plainBytes()
            statistics.maxValue = maxValue.plainBytes()
            statistics.min = statistics.minValue
            statistics.max = statistics.maxValue
        }
        finished.statistics = statistics
        nullCount = 0
        minValue = nil
        maxValue = nil
        return finished
    }
}
