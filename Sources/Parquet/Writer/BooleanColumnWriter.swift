/// Writes a BOOLEAN column: PLAIN, one bit per value, least significant bit first.
final class BooleanColumnWriter: ColumnChunkWriter {
    private let nullable: Bool
    private let options: ParquetWriterOptions
    private let emitter: PageEmitter

    private var chunk = EncodedColumnChunk()
    private var levels: [UInt32] = []
    private var packed: [UInt8] = []
    private var bitCount = 0
    private var pageValueCount = 0
    private var nullCount: Int64 = 0
    private var sawTrue = false
    private var sawFalse = false

    init(nullable: Bool, options: ParquetWriterOptions, emitter: PageEmitter) {
        self.nullable = nullable
        self.options = options
        self.emitter = emitter
    }

    var estimatedSize: Int { chunk.totalUncompressedSize + packed.count + levels.count / 8 }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard case .booleans(let array) = values else {
            throw ParquetError.invalidBatch("expected boolean values, got \(values.parquetType.name)")
        }
        for i in range {
            pageValueCount += 1
            guard let value = array[i] else {
                levels.append(0)
                nullCount += 1
                if pageValueCount >= PageLimits.maxValues { try flushPage() }
                continue
            }
            if nullable { levels.append(1) }
            if bitCount & 7 == 0 { packed.append(0) }
            if value {
                packed[packed.count - 1] |= 1 << UInt8(bitCount & 7)
                sawTrue = true
            } else {
                sawFalse = true
            }
            bitCount += 1
            if packed.count >= options.dataPageSize { try flushPage() }
        }
    }

    private func flushPage() throws {
        guard pageValueCount > 0 else { return }
        try levels.withUnsafeBufferPointer { levelBuffer in
            try packed.withUnsafeBytes {
                try emitter.emitDataPage(levels: nullable ? levelBuffer : nil, values: $0, valueCount: pageValueCount,
                                         encoding: .plain, to: &chunk)
            }
        }
        levels.removeAll(keepingCapacity: true)
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
