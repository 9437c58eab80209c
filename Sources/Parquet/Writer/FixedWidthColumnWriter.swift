/// Writes an INT32/DATE, INT64/TIMESTAMP or DOUBLE column, dictionary-encoded until the
/// dictionary outgrows its limit, then PLAIN.
final class FixedWidthColumnWriter<Value: FixedWidthValue>: ColumnChunkWriter {
    private let nullable: Bool
    private let options: ParquetWriterOptions
    private let emitter: PageEmitter
    private let extract: (ColumnValues) -> [Value?]?

    private var chunk = EncodedColumnChunk()
    private var dictionary: FixedWidthDictionary?
    private var usedDictionaryPages = false
    private var levels: [UInt32] = []
    private var indices: [UInt32] = []
    private var plainValues: [UInt8] = []
    private var encodedIndices: [UInt8] = []
    private var pageValueCount = 0
    private var nullCount: Int64 = 0
    private var minValue: Value?
    private var maxValue: Value?

    init(nullable: Bool, options: ParquetWriterOptions, emitter: PageEmitter, extract: @escaping (ColumnValues) -> [Value?]?) {
        self.nullable = nullable
        self.options = options
        self.emitter = emitter
        self.extract = extract
        dictionary = options.dictionaryEnabled ? FixedWidthDictionary() : nil
    }

    var estimatedSize: Int {
        var size = chunk.totalUncompressedSize + plainValues.count + levels.count / 8
        if let dictionary { size += dictionary.count * Value.byteWidth + indices.count * 4 }
        return size
    }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard let array = extract(values) else {
            throw ParquetError.invalidBatch("unexpected \(values.parquetType.name) values for a \(Value.self) column")
        }
        let dataPageSize = options.dataPageSize
        let dictionaryLimit = options.dictionaryPageSizeLimit
        try array.withUnsafeBufferPointer { buffer in
            for i in range {
                pageValueCount += 1
                guard let value = buffer[i] else {
                    levels.append(0)
                    nullCount += 1
                    continue
                }
                if nullable { levels.append(1) }
                if let dictionary {
                    let (index, inserted) = dictionary.index(of: value.dictionaryKey)
                    indices.append(UInt32(bitPattern: index))
                    if inserted {
                        updateStatistics(value)
                        if dictionary.count * Value.byteWidth > dictionaryLimit {
                            try fallBackToPlain()
                            continue
                        }
                    }
                    if indices.count &* RLEHybridEncoder.bitWidth(forMaxValue: dictionary.count - 1) >= dataPageSize &* 8 {
                        try flushPage()
                    }
                } else {
                    withUnsafeBytes(of: value) { plainValues.append(contentsOf: $0) }
                    updateStatistics(value)
                    if plainValues.count >= dataPageSize { try flushPage() }
                }
            }
        }
    }

    @inline(__always)
    private func updateStatistics(_ value: Value) {
        guard value.isOrderable else { return }
        if let minValue, let maxValue {
            if Value.lessThan(value, minValue) { self.minValue = value }
            if Value.lessThan(maxValue, value) { self.maxValue = value }
        } else {
            minValue = value
            maxValue = value
        }
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

    private func fallBackToPlain() throws {
        try flushPage()
        try emitDictionaryPage()
        dictionary = nil
    }

    private func emitDictionaryPage() throws {
        guard let dictionary, usedDictionaryPages else { return }
        emitter.body.removeAll(keepingCapacity: true)
        for key in dictionary.values {
            withUnsafeBytes(of: Value(dictionaryKey: key)) { emitter.body.append(contentsOf: $0) }
        }
        try emitter.emitDictionaryPage(entryCount: dictionary.count, to: &chunk)
    }

    func finish() throws -> EncodedColumnChunk {
        try flushPage()
        try emitDictionaryPage()
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
        dictionary = options.dictionaryEnabled ? FixedWidthDictionary() : nil
        usedDictionaryPages = false
        nullCount = 0
        minValue = nil
        maxValue = nil
        return finished
    }
}
