/// Writes a STRING column: dictionary-encoded (PLAIN dictionary page + RLE_DICTIONARY data
/// pages) until the dictionary outgrows its limit, then PLAIN for the rest of the chunk.
final class ByteArrayColumnWriter: ColumnChunkWriter {
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

    private let nullable: Bool
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

    init(nullable: Bool, options: ParquetWriterOptions, emitter: PageEmitter) {
        self.nullable = nullable
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
        var size = chunk.totalUncompressedSize + page.plain.count + page.levels.count / 8
        if dictionaryActive { size += dictionary.plainSize + page.indices.count * 4 }
        return size
    }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard case .byteArrays(let column) = values else {
            throw ParquetError.invalidBatch("expected string values, got \(values.parquetType.name)")
        }
        let dataPageBits = options.dataPageSize &* 8
        let dataPageSize = options.dataPageSize
        let dictionaryLimit = options.dictionaryPageSizeLimit
        let nullable = self.nullable
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
        try column.storage.withUnsafeBytes { storage in
            try column.offsets.withUnsafeBufferPointer { offsets in
                try column.isNull.withUnsafeBufferPointer { isNull in
                    // `offsets` always holds at least one element; when `storage` is empty every
                    // value has length 0 and the pointer is never dereferenced.
                    guard let offsetsBase = offsets.baseAddress else { return }
                    let base = storage.baseAddress ?? UnsafeRawPointer(offsetsBase)
                    for i in range {
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
                                if dictionary.plainSize > dictionaryLimit
                                    || (entries == DictionaryHeuristics.probeValues && dictionaryValues < DictionaryHeuristics.probeValues * 4 / 3) {
                                    try flushPage(&page, dictionary: dictionary)
                                    try emitDictionaryPage(dictionary)
                                    dictionary.deallocate()
                                    dictionary = ByteArrayDictionary()
                                    dictionaryActive = false
                                    continue
                                }
                            }
                            if page.indices.count &* RLEHybridEncoder.bitWidth(forMaxValue: dictionary.count &- 1) >= dataPageBits
                                || page.valueCount >= PageLimits.maxValues {
                                try flushPage(&page, dictionary: dictionary)
                            }
                        } else {
                            page.plain.appendLittleEndian(UInt32(truncatingIfNeeded: length))
                            page.plain.append(bytes: pointer, count: length)
                            statistics.update(pointer, length)
                            if page.plain.count >= dataPageSize { try flushPage(&page, dictionary: nil) }
                        }
                    }
                }
            }
        }
    }

    private func flushPage(_ page: inout PageBuffers, dictionary: ByteArrayDictionary?) throws {
        guard page.valueCount > 0 else { return }
        defer { page.clear() }
        let valueCount = page.valueCount
        let levelPointer = nullable ? page.levels.buffer : nil
        if let dictionary {
            encodedIndices.removeAll(keepingCapacity: true)
            let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionary.count - 1, 0))
            encodedIndices.append(UInt8(bitWidth))
            RLEHybridEncoder.encode(page.indices.buffer, bitWidth: bitWidth, into: &encodedIndices)
            try encodedIndices.withUnsafeBytes {
                try emitter.emitDataPage(levels: levelPointer, values: $0, valueCount: valueCount,
                                         encoding: .rleDictionary, to: &chunk)
            }
            usedDictionaryPages = true
        } else {
            try emitter.emitDataPage(levels: levelPointer, values: page.plain.rawBuffer, valueCount: valueCount,
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
