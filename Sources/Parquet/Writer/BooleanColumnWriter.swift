/// Writes a BOOLEAN column: PLAIN, one bit per value, least significant bit first.
final class BooleanColumnWriter: LeafColumnWriter {
    private let shape: LevelShape
    private let options: ParquetWriterOptions
    private var emitter: PageEmitter

    private var chunk = EncodedColumnChunk()
    private var levels: [UInt32] = []
    private var repetition: [UInt32] = []
    /// A full page waiting for the next row start (list columns only).
    private var flushDeferred = false
    private var packed: [UInt8] = []
    private var bitCount = 0
    private var pageValueCount = 0
    private var nullCount: Int64 = 0
    private var sawTrue = false
    private var sawFalse = false

    func use(_ emitter: PageEmitter) { self.emitter = emitter }

    init(levels: LevelShape, options: ParquetWriterOptions, emitter: PageEmitter) {
        shape = levels
        self.options = options
        self.emitter = emitter
    }

    var estimatedSize: Int { chunk.totalUncompressedSize + packed.count + (levels.count + repetition.count) / 8 }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard case .booleans(let array) = values else {
            throw ParquetError.invalidBatch("expected boolean values, got \(values.parquetType.name)")
        }
        let nullable = shape.maxDefinition > 0
        for i in range {
            pageValueCount += 1
            guard let value = array[i] else {
                levels.append(0)
                nullCount += 1
                if pageValueCount >= PageLimits.maxValues { try flushPage() }
                continue
            }
            if nullable { levels.append(1) }
            appendBit(value)
            if packed.count >= options.dataPageSize { try flushPage() }
        }
    }

    func append(elements: ColumnValues, slots: NestedSlots) throws {
        guard case .booleans(let array) = elements else {
            throw ParquetError.invalidBatch("expected boolean elements, got \(elements.parquetType.name)")
        }
        let maxDefinition = UInt32(shape.maxDefinition)
        var element = slots.firstElement
        for slot in 0..<slots.count {
            if slots.repetition[slot] == 0 && flushDeferred { try flushPage() }
            let definition = slots.definition[slot]
            repetition.append(slots.repetition[slot])
            levels.append(definition)
            pageValueCount += 1
            guard definition == maxDefinition, let value = array[element] else {
                if definition >= slots.elementDefinition { element += 1 }
                nullCount += 1
                if pageValueCount >= PageLimits.maxValues { flushDeferred = true }
                continue
            }
            element += 1
            appendBit(value)
            if packed.count >= options.dataPageSize { flushDeferred = true }
        }
        // Slots end with a whole row.
        if flushDeferred { try flushPage() }
    }

    private func appendBit(_ value: Bool) {
        if bitCount & 7 == 0 { packed.append(0) }
        if value {
            packed[packed.count - 1] |= 1 << UInt8(bitCount & 7)
            sawTrue = true
        } else {
            sawFalse = true
        }
        bitCount += 1
    }

    private func flushPage() throws {
        flushDeferred = false
        guard pageValueCount > 0 else { return }
        try levels.withUnsafeBufferPointer { levelBuffer in
            try repetition.withUnsafeBufferPointer { repetitionBuffer in
                let pageLevels = PageLevels(shape: shape, definition: shape.maxDefinition > 0 ? levelBuffer : nil,
                                            repetition: shape.maxRepetition > 0 ? repetitionBuffer : nil)
                try packed.withUnsafeBytes {
                    try emitter.emitDataPage(levels: pageLevels, values: $0, valueCount: pageValueCount,
                                             encoding: .plain, to: &chunk)
                }
            }
        }
        levels.removeAll(keepingCapacity: true)
        repetition.removeAll(keepingCapacity: true)
        packed.removeAll(keepingCapacity: true)
        bitCount = 0
        pageValueCount = 0
    }

    func finish() throws -> EncodedColumnChunk {
        try flushPage()
        var statistics = ParquetStatistics()
        statistics.nullCount = nullCount
        if sawTrue || sawFalse {
            statistics.minValue = [sawFalse ? 0 : 1]
            statistics.maxValue = [sawTrue ? 1 : 0]
            statistics.min = statistics.minValue
            statistics.max = statistics.maxValue
        }
        var finished = chunk
        finished.statistics = statistics
        chunk = EncodedColumnChunk()
        nullCount = 0
        sawTrue = false
        sawFalse = false
        return finished
    }
}
