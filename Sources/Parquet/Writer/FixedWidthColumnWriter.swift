/// Writes an INT32/DATE, INT64/TIMESTAMP or DOUBLE column, dictionary-encoded until the
/// dictionary outgrows its limit or the values look near-unique, then PLAIN.
final class FixedWidthColumnWriter<Value: FixedWidthValue>: LeafColumnWriter {
    private let levels: LevelShape
    private let options: ParquetWriterOptions
    private let emitter: PageEmitter
    private let extract: (ColumnValues) -> [Value?]?

    private var chunk = EncodedColumnChunk()
    private var dictionary = FixedWidthDictionary()
    /// False once the chunk fell back to PLAIN (or when dictionaries are disabled).
    private var dictionaryActive: Bool
    private var usedDictionaryPages = false
    private var page = PageBuffers()
    private var encodedIndices: [UInt8] = []
    /// Non-null values dictionary-encoded in this chunk (for the early fallback heuristic).
    private var dictionaryValues = 0
    private var nullCount: Int64 = 0
    private var minValue: Value?
    private var maxValue: Value?

    init(levels: LevelShape, options: ParquetWriterOptions, emitter: PageEmitter, extract: @escaping (ColumnValues) -> [Value?]?) {
        self.levels = levels
        self.options = options
        self.emitter = emitter
        self.extract = extract
        dictionaryActive = options.dictionaryEnabled
    }

    deinit { page.deallocate() }

    var estimatedSize: Int {
        var size = chunk.totalUncompressedSize + page.plain.count + (page.levels.count + page.repetition.count) / 8
        if dictionaryActive { size += dictionary.count * Value.byteWidth + page.indices.count * 4 }
        return size
    }

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
    private func append(_ array: [Value?], slots: Range<Int>, nested: NestedSlots?) throws {
        let dataPageBits = options.dataPageSize &* 8
        let dataPageSize = options.dataPageSize
        let dictionaryLimit = options.dictionaryPageSizeLimit
        let nullable = levels.maxDefinition > 0
        let maxDefinition = UInt32(levels.maxDefinition)
        // The page buffers alias (no copy); the object's copy is only used again after `defer`.
        var page = self.page
        var dictionary = self.dictionary
        var dictionaryActive = self.dictionaryActive
        var nullCount = self.nullCount
        var minValue = self.minValue
        var maxValue = self.maxValue
        var dictionaryValues = self.dictionaryValues
        self.dictionary = .placeholder
        defer {
            self.dictionaryValues = dictionaryValues
            self.page = page
            self.dictionary = dictionary
            self.dictionaryActive = dictionaryActive
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
        var deferred = DeferredPageBreak.none
        var element = nested?.firstElement ?? 0
        try array.withUnsafeBufferPointer { buffer in
            for slot in slots {
                let value: Value
                if let nested {
                    let repetition = nested.repetition[slot]
                    if repetition == 0 && deferred != .none {
                        try breakPage(deferred, &page, &dictionary, &dictionaryActive)
                        deferred = .none
                    }
                    let definition = nested.definition[slot]
                    page.repetition.append(repetition)
                    page.levels.append(definition)
                    page.valueCount &+= 1
                    guard definition == maxDefinition, let present = buffer[element] else {
                        if definition >= nested.elementDefinition { element &+= 1 }
                        nullCount &+= 1
                        if page.valueCount >= PageLimits.maxValues { deferred = max(deferred, .flush) }
                        continue
                    }
                    value = present
                    element &+= 1
                } else {
                    page.valueCount &+= 1
                    guard let present = buffer[slot] else {
                        page.levels.append(0)
                        nullCount &+= 1
                        // Nulls add no value bytes; bound the page by count as well.
                        if page.valueCount >= PageLimits.maxValues {
                            try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
                        }
                        continue
                    }
                    value = present
                    if nullable { page.levels.append(1) }
                }
                if dictionaryActive {
                    let (index, inserted) = dictionary.index(of: value.dictionaryKey)
                    page.indices.append(UInt32(bitPattern: index))
                    dictionaryValues &+= 1
                    if inserted {
                        updateStatistics(value)
                        let entries = dictionary.count
                        if deferred != .fallback && (entries &* Value.byteWidth > dictionaryLimit
                            || (entries == DictionaryHeuristics.probeValues && dictionaryValues < DictionaryHeuristics.probeValues * 4 / 3)) {
                            if nested != nil {
                                deferred = .fallback
                            } else {
                                try breakPage(.fallback, &page, &dictionary, &dictionaryActive)
                            }
                            continue
                        }
                    }
                    if page.indices.count &* RLEHybridEncoder.bitWidth(forMaxValue: dictionary.count &- 1) >= dataPageBits
                        || page.valueCount >= PageLimits.maxValues {
                        if nested != nil {
                            deferred = max(deferred, .flush)
                        } else {
                            try flushPage(&page, dictionary: dictionary)
                        }
                    }
                } else {
                    withUnsafeBytes(of: value) { raw in
                        if let address = raw.baseAddress { page.plain.append(bytes: address, count: raw.count) }
                    }
                    updateStatistics(value)
                    if page.plain.count >= dataPageSize {
                        if nested != nil {
                            deferred = max(deferred, .flush)
                        } else {
                            try flushPage(&page, dictionary: nil)
                        }
                    }
                }
            }
        }
        // Nested slots always end with a whole row, so a pending break can happen here.
        try breakPage(deferred, &page, &dictionary, &dictionaryActive)
    }

    private func breakPage(_ action: DeferredPageBreak, _ page: inout PageBuffers, _ dictionary: inout FixedWidthDictionary,
                           _ dictionaryActive: inout Bool) throws {
        switch action {
        case .none:
            return
        case .flush:
            try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
        case .fallback:
            try flushPage(&page, dictionary: dictionary)
            try emitDictionaryPage(dictionary)
            dictionary = FixedWidthDictionary()
            dictionaryActive = false
        }
    }

    private func flushPage(_ page: inout PageBuffers, dictionary: FixedWidthDictionary?) throws {
        guard page.valueCount > 0 else { return }
        defer { page.clear() }
        let valueCount = page.valueCount
        let pageLevels = PageLevels(shape: levels, definition: levels.maxDefinition > 0 ? page.levels.buffer : nil,
                                    repetition: levels.maxRepetition > 0 ? page.repetition.buffer : nil)
        if let dictionary {
            encodedIndices.removeAll(keepingCapacity: true)
            let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionary.count - 1, 0))
            encodedIndices.append(UInt8(bitWidth))
            RLEHybridEncoder.encode(page.indices.buffer, bitWidth: bitWidth, into: &encodedIndices)
            try encodedIndices.withUnsafeBytes {
                try emitter.emitDataPage(levels: pageLevels, values: $0, valueCount: valueCount,
                                         encoding: .rleDictionary, to: &chunk)
            }
            usedDictionaryPages = true
        } else {
            try emitter.emitDataPage(levels: pageLevels, values: page.plain.rawBuffer, valueCount: valueCount,
                                     encoding: .plain, to: &chunk)
        }
    }

    private func emitDictionaryPage(_ dictionary: FixedWidthDictionary?) throws {
        guard let dictionary, usedDictionaryPages else { return }
        emitter.body.removeAll(keepingCapacity: true)
        for key in dictionary.values {
            withUnsafeBytes(of: Value(dictionaryKey: key)) { emitter.body.append(contentsOf: $0) }
        }
        try emitter.emitDictionaryPage(entryCount: dictionary.count, to: &chunk)
    }

    func finish() throws -> EncodedColumnChunk {
        var page = self.page
        try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
        self.page = page
        if dictionaryActive { try emitDictionaryPage(dictionary) }
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
        var finished = chunk
        finished.statistics = statistics
        chunk = EncodedColumnChunk()
        dictionary = FixedWidthDictionary()
        dictionaryActive = options.dictionaryEnabled
        usedDictionaryPages = false
        dictionaryValues = 0
        nullCount = 0
        minValue = nil
        maxValue = nil
        return finished
    }
}
