/// Writes a STRING column: dictionary-encoded (PLAIN dictionary page + RLE_DICTIONARY data
/// pages) until the dictionary outgrows its limit, then PLAIN for the rest of the chunk.
final class ByteArrayColumnWriter: ColumnChunkWriter {
    private let nullable: Bool
    private let options: ParquetWriterOptions
    private let emitter: PageEmitter

    private var chunk = EncodedColumnChunk()
    private var dictionary: ByteArrayDictionary?
    private var usedDictionaryPages = false
    private var levels: [UInt32] = []
    private var indices: [UInt32] = []
    private var plainValues: [UInt8] = []
    private var encodedIndices: [UInt8] = []
    private var pageValueCount = 0
    private var nullCount: Int64 = 0
    private var minValue: [UInt8]?
    private var maxValue: [UInt8]?

    init(nullable: Bool, options: ParquetWriterOptions, emitter: PageEmitter) {
        self.nullable = nullable
        self.options = options
        self.emitter = emitter
        dictionary = options.dictionaryEnabled ? ByteArrayDictionary() : nil
    }

    var estimatedSize: Int {
        var size = chunk.totalUncompressedSize + plainValues.count + levels.count / 8
        if let dictionary { size += dictionary.plainSize + indices.count * 4 }
        return size
    }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard case .byteArrays(let column) = values else {
            throw ParquetError.invalidBatch("expected string values, got \(values.parquetType.name)")
        }
        let dataPageSize = options.dataPageSize
        let dictionaryLimit = options.dictionaryPageSizeLimit
        try column.storage.withUnsafeBytes { storage in
            try column.offsets.withUnsafeBufferPointer { offsets in
                try column.isNull.withUnsafeBufferPointer { isNull in
                    // A valid non-null pointer even for an all-empty column; never dereferenced then.
                    let base = storage.baseAddress ?? UnsafeRawPointer(offsets.baseAddress!)
                    for i in range {
                        pageValueCount += 1
                        if isNull[i] {
                            levels.append(0)
                            nullCount += 1
                            continue
                        }
                        if nullable { levels.append(1) }
                        let start = offsets[i]
                        let length = offsets[i + 1] - start
                        let pointer = base + start
                        if let dictionary {
                            let (index, inserted) = dictionary.index(of: pointer, count: length)
                            indices.append(UInt32(bitPattern: index))
                            if inserted {
                                updateStatistics(pointer, length)
                                if dictionary.plainSize > dictionaryLimit {
                                    try fallBackToPlain()
                                    continue
                                }
                            }
                            if indices.count &* RLEHybridEncoder.bitWidth(forMaxValue: dictionary.count - 1) >= dataPageSize &* 8 {
                                try flushPage()
                            }
                        } else {
                            var prefix = UInt32(length).littleEndian
                            withUnsafeBytes(of: &prefix) { plainValues.append(contentsOf: $0) }
                            plainValues.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: length))
                            updateStatistics(pointer, length)
                            if plainValues.count >= dataPageSize { try flushPage() }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func updateStatistics(_ pointer: UnsafeRawPointer, _ length: Int) {
        guard let minValue, let maxValue else {
            let value = Array(UnsafeRawBufferPointer(start: pointer, count: length))
            self.minValue = value
            self.maxValue = value
            return
        }
        let belowMin = minValue.withUnsafeBytes { compareUnsignedBytes(pointer, length, $0.baseAddress ?? pointer, $0.count) < 0 }
        if belowMin {
            self.minValue = Array(UnsafeRawBufferPointer(start: pointer, count: length))
            return
        }
        let aboveMax = maxValue.withUnsafeBytes { compareUnsignedBytes(pointer, length, $0.baseAddress ?? pointer, $0.count) > 0 }
        if aboveMax { self.maxValue = Array(UnsafeRawBufferPointer(start: pointer, count: length)) }
    }

    private func flushPage() throws {
        guard pageValueCount > 0 else { return }
        defer {
            levels.removeAll(keepingCapacity: true)
            indices.removeAll(keepingCapacity: true)
            plainValues.removeAll(keepingCapacity: true)
            pageValueCount = 0
        }
        try levels.withUnsafeBufferPointer { levelBuffer in
            let levelPointer = nullable ? levelBuffer : nil
            if let dictionary {
                encodedIndices.removeAll(keepingCapacity: true)
                let bitWidth = RLEHybridEncoder.bitWidth(forMaxValue: max(dictionary.count - 1, 0))
                encodedIndices.append(UInt8(bitWidth))
                indices.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: bitWidth, into: &encodedIndices) }
                try encodedIndices.withUnsafeBytes {
                    try emitter.emitDataPage(levels: levelPointer, values: $0, valueCount: pageValueCount,
                                             encoding: .rleDictionary, to: &chunk)
                }
                usedDictionaryPages = true
            } else {
                try plainValues.withUnsafeBytes {
                    try emitter.emitDataPage(levels: levelPointer, values: $0, valueCount: pageValueCount,
                                             encoding: .plain, to: &chunk)
                }
            }
        }
    }

    /// Ends dictionary encoding for this chunk: pages so far keep their indices, the
    /// dictionary page is fixed now, and later values are PLAIN.
    private func fallBackToPlain() throws {
        try flushPage()
        try emitDictionaryPage()
        dictionary = nil
    }

    private func emitDictionaryPage() throws {
        guard let dictionary, usedDictionaryPages else { return }
        emitter.body.removeAll(keepingCapacity: true)
        dictionary.plainEncoded(into: &emitter.body)
        try emitter.emitDictionaryPage(entryCount: dictionary.count, to: &chunk)
    }

    func finish() throws -> EncodedColumnChunk {
        try flushPage()
        try emitDictionaryPage()
        var statistics = ParquetStatistics()
        statistics.nullCount = nullCount
        statistics.minValue = minValue
        statistics.maxValue = maxValue
        var finished = chunk
        finished.statistics = statistics
        chunk = EncodedColumnChunk()
        dictionary = options.dictionaryEnabled ? ByteArrayDictionary() : nil
        usedDictionaryPages = false
        nullCount = 0
        minValue = nil
        maxValue = nil
        return finished
    }
}
