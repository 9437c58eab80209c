/// Writes a STRING column: dictionary-encoded (PLAIN dictionary page + RLE_DICTIONARY data
/// pages) until the dictionary outgrows its limit, then PLAIN for the rest of the chunk.
final class ByteArrayColumnWriter: LeafColumnWriter {
    /// Running min/max (unsigned byte order) and null count of the chunk, in buffers that
    /// the hot loop updates without reference counting.
    struct Statistics {
        var min = GrowableBuffer<UInt8>(capacity: 64)
        var max = GrowableBuffer<UInt8>(capacity: 64)
        var hasValue = false
        var nullCount: Int64 = 0

        @inline(__always)
        mutating func update(_ pointer: UnsafeRawPointer, _ length: Int) {
            if !hasValue {
                min.append(bytes: pointer, count: length)
                max.append(bytes: pointer, count: length)
                hasValue = true
                return
            }
            if compareUnsignedBytes(pointer, length, min.base, min.count) < 0 {
                min.removeAll()
                min.append(bytes: pointer, count: length)
            } else if compareUnsignedBytes(pointer, length, max.base, max.count) > 0 {
                max.removeAll()
                max.append(bytes: pointer, count: length)
            }
        }

        mutating func reset() {
            min.removeAll()
            max.removeAll()
            hasValue = false
            nullCount = 0
        }

        func deallocate() {
            min.deallocate()
            max.deallocate()
        }
    }

    private let levels: LevelShape
    private let options: ParquetWriterOptions
    private let emitter: PageEmitter

    private var chunk = EncodedColumnChunk()
    private var dictionary = ByteArrayDictionary()
    /// False once the chunk fell back to PLAIN (or when dictionaries are disabled).
    private var dictionaryActive: Bool
    private var usedDictionaryPages = false
    private var page = PageBuffers()
    private var statistics = Statistics()
    private var encodedIndices: [UInt8] = []
    /// Non-null values dictionary-encoded in this chunk (for the early fallback heuristic).
    private var dictionaryValues = 0

    init(levels: LevelShape, options: ParquetWriterOptions, emitter: PageEmitter) {
        self.levels = levels
        self.options = options
        self.emitter = emitter
        dictionaryActive = options.dictionaryEnabled
    }

    deinit {
        page.deallocate()
        statistics.deallocate()
        dictionary.deallocate()
    }

    var estimatedSize: Int {
        var size = chunk.totalUncompressedSize + page.plain.count + (page.levels.count + page.repetition.count) / 8
        if dictionaryActive { size += dictionary.plainSize + page.indices.count * 4 }
        return size
    }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard case .byteArrays(let column) = values else {
            throw ParquetError.invalidBatch("expected string values, got \(values.parquetType.name)")
        }
        try append(column, slots: range, nested: nil)
    }

    func append(elements: ColumnValues, slots: NestedSlots) throws {
        guard case .byteArrays(let column) = elements else {
            throw ParquetError.invalidBatch("expected string elements, got \(elements.parquetType.name)")
        }
        try append(column, slots: 0..<slots.count, nested: slots)
    }

    /// Flat columns: `slots` are the value indices. Lists: `slots` index `nested`, whose
    /// entries pick the elements; page breaks then wait for the next row start.
    private func append(_ column: ByteArrayColumn, slots: Range<Int>, nested: NestedSlots?) throws {
        let dataPageBits = options.dataPageSize &* 8
        let dataPageSize = options.dataPageSize
        let dictionaryLimit = options.dictionaryPageSizeLimit
        let nullable = levels.maxDefinition > 0
        let maxDefinition = UInt32(levels.maxDefinition)
        // Move the state out of the object for the loop; put it back however the loop ends.
        // The buffers alias (no copy); the object's copies are only used again after `defer`.
        var page = self.page
        var dictionary = self.dictionary
        var dictionaryActive = self.dictionaryActive
        var statistics = self.statistics
        var dictionaryValues = self.dictionaryValues
        defer {
            self.page = page
            self.dictionary = dictionary
            self.dictionaryActive = dictionaryActive
            self.statistics = statistics
            self.dictionaryValues = dictionaryValues
        }
        var deferred = DeferredPageBreak.none
        var element = nested?.firstElement ?? 0
        try column.storage.withUnsafeBytes { storage in
            try column.offsets.withUnsafeBufferPointer { offsets in
                try column.isNull.withUnsafeBufferPointer { isNull in
                    // `offsets` always holds at least one element; when `storage` is empty every
                    // value has length 0 and the pointer is never dereferenced.
                    guard let offsetsBase = offsets.baseAddress else { return }
                    let base = storage.baseAddress ?? UnsafeRawPointer(offsetsBase)
                    for slot in slots {
                        let i: Int
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
                            if definition < maxDefinition {
                                if definition >= nested.elementDefinition { element &+= 1 }
                                statistics.nullCount &+= 1
                                if page.valueCount >= PageLimits.maxValues { deferred = max(deferred, .flush) }
                                continue
                            }
                            i = element
                            element &+= 1
                        } else {
                            i = slot
                            page.valueCount &+= 1
                            if isNull[i] {
                                page.levels.append(0)
                                statistics.nullCount &+= 1
                                // Nulls add no value bytes; bound the page by count as well.
                                if page.valueCount >= PageLimits.maxValues {
                                    try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
                                }
                                continue
                            }
                            if nullable { page.levels.append(1) }
                        }
                        let start = offsets[i]
                        let length = offsets[i &+ 1] &- start
                        let pointer = base + start
                        if dictionaryActive {
                            let (index, inserted) = dictionary.index(of: pointer, count: length)
                            page.indices.append(UInt32(bitPattern: index))
                            dictionaryValues &+= 1
                            if inserted {
                                statistics.update(pointer, length)
                                let entries = dictionary.count
                                if deferred != .fallback && (dictionary.plainSize > dictionaryLimit
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
                            page.plain.appendLittleEndian(UInt32(truncatingIfNeeded: length))
                            page.plain.append(bytes: pointer, count: length)
                            statistics.update(pointer, length)
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
            }
        }
        // Nested slots always end with a whole row, so a pending break can happen here.
        try breakPage(deferred, &page, &dictionary, &dictionaryActive)
    }

    private func breakPage(_ action: DeferredPageBreak, _ page: inout PageBuffers, _ dictionary: inout ByteArrayDictionary,
                           _ dictionaryActive: inout Bool) throws {
        switch action {
        case .none:
            return
        case .flush:
            try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
        case .fallback:
            try flushPage(&page, dictionary: dictionary)
            try emitDictionaryPage(dictionary)
            dictionary.deallocate()
            dictionary = ByteArrayDictionary()
            dictionaryActive = false
        }
    }

    private func flushPage(_ page: inout PageBuffers, dictionary: ByteArrayDictionary?) throws {
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

    private func emitDictionaryPage(_ dictionary: ByteArrayDictionary?) throws {
        guard let dictionary, usedDictionaryPages else { return }
        emitter.body.removeAll(keepingCapacity: true)
        dictionary.plainEncoded(into: &emitter.body)
        try emitter.emitDictionaryPage(entryCount: dictionary.count, to: &chunk)
    }

    func finish() throws -> EncodedColumnChunk {
        var page = self.page
        try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
        self.page = page
        if dictionaryActive { try emitDictionaryPage(dictionary) }
        var result = ParquetStatistics()
        result.nullCount = statistics.nullCount
        if statistics.hasValue {
            result.minValue = Array(statistics.min.rawBuffer)
            result.maxValue = Array(statistics.max.rawBuffer)
        }
        var finished = chunk
        finished.statistics = result
        chunk = EncodedColumnChunk()
        dictionary.deallocate()
        dictionary = ByteArrayDictionary()
        dictionaryActive = options.dictionaryEnabled
        usedDictionaryPages = false
        dictionaryValues = 0
        statistics.reset()
        return finished
    }
}
