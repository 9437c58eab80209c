/// Writes a STRING column: dictionary-encoded (PLAIN dictionary page + RLE_DICTIONARY data
/// pages) until the dictionary outgrows its limit, then PLAIN for the rest of the chunk.
final class ByteArrayColumnWriter: LeafColumnWriter {
    /// Running min/max (unsigned byte order) and null count of the chunk, in buffers that
    /// the hot loop updates without reference counting.
    struct Statistics {
        var min = GrowableBuffer<UInt8>(capacity: 16)
        var max = GrowableBuffer<UInt8>(capacity: 16)
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
    private let pages: DictionaryPageFlusher<ByteArrayDictionary>
    private var statistics = Statistics()
    private let observer: (any DistinctValueObserver)?

    init(levels: LevelShape, options: ParquetWriterOptions, emitter: PageEmitter, observer: (any DistinctValueObserver)? = nil) {
        self.levels = levels
        self.observer = observer
        pages = DictionaryPageFlusher(levels: levels, options: options, emitter: emitter)
    }

    deinit { statistics.deallocate() }

    var estimatedSize: Int { pages.estimatedSize }

    func use(_ emitter: PageEmitter) { pages.emitter = emitter }

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
        let maxDefinition = UInt32(levels.maxDefinition)
        let pages = self.pages
        let isNested = nested != nil
        // Move the state out of the objects for the loop; put it back however the loop ends.
        var fill = pages.beginAppend()
        var statistics = self.statistics
        defer {
            pages.endAppend(fill)
            self.statistics = statistics
        }
        var element = nested?.firstElement ?? 0
        // The last dictionary-encoded value of this append (it points into `column`, so it
        // never outlives the call); a fallback to PLAIN ends dictionary lookups for the chunk.
        var previousValue: UnsafeRawPointer?
        var previousLength = -1
        var previousIndex: Int32 = 0
        let observer = self.observer
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
                            let definition = try pages.openListSlot(slot, of: nested, &fill)
                            if definition < maxDefinition {
                                pages.skipListSlot(definition: definition, of: nested, element: &element, &fill)
                                statistics.nullCount &+= 1
                                continue
                            }
                            i = element
                            element &+= 1
                        } else {
                            i = slot
                            guard try pages.openFlatSlot(isNull: isNull[i], &fill) else {
                                statistics.nullCount &+= 1
                                continue
                            }
                        }
                        let start = offsets[i]
                        let length = offsets[i &+ 1] &- start
                        let pointer = base + start
                        if fill.dictionaryActive {
                            // A value equal to the one before (a constant lineage column, sorted
                            // or run-length data) is compared with that value, still in L1,
                            // instead of hashed and probed.
                            if length == previousLength, let previous = previousValue, bytesEqual(previous, pointer, length) {
                                try pages.appendIndex(previousIndex, inserted: false, nested: isNested, &fill)
                                continue
                            }
                            let (index, inserted) = fill.dictionary.index(of: pointer, count: length)
                            if inserted {
                                statistics.update(pointer, length)
                                observer?.observe(UnsafeRawBufferPointer(start: pointer, count: length))
                            }
                            previousValue = pointer
                            previousLength = length
                            previousIndex = index
                            try pages.appendIndex(index, inserted: inserted, nested: isNested, &fill)
                        } else {
                            fill.page.plain.appendLittleEndian(UInt32(truncatingIfNeeded: length))
                            fill.page.plain.append(bytes: pointer, count: length)
                            statistics.update(pointer, length)
                            observer?.observe(UnsafeRawBufferPointer(start: pointer, count: length))
                            try pages.plainValueAppended(nested: isNested, &fill)
                        }
                    }
                }
            }
        }
        // Nested slots always end with a whole row, so a pending break can happen here.
        try pages.breakPage(fill.deferred, &fill)
    }

    func finish() throws -> EncodedColumnChunk {
        var finished = try pages.finishChunk()
        var result = ParquetStatistics()
        result.nullCount = statistics.nullCount
        if statistics.hasValue {
            result.minValue = Array(statistics.min.rawBuffer)
            result.maxValue = Array(statistics.max.rawBuffer)
        }
        finished.statistics = result
        statistics.reset()
        return finished
    }
}
