/// A column chunk's dictionary as page flushing needs it. Values go in through each
/// dictionary's own `index(of:)`, the one part the writers do not share.
protocol ChunkDictionary {
    /// An empty dictionary.
    init()
    /// Distinct values so far.
    var count: Int { get }
    /// Size of the PLAIN-encoded dictionary page.
    var plainSize: Int { get }
    /// Appends the PLAIN encoding of all entries (the dictionary page body) to `out`.
    func plainEncoded(into out: inout [UInt8])
    /// Frees manually managed memory (exactly one owner calls it); nothing for a dictionary
    /// in Swift arrays.
    func deallocate()
    /// Takes the dictionary out of a stored property for a writer's hot loop. What stays
    /// behind must not share copy-on-write storage with the result (the loop's first insert
    /// would copy it); it is overwritten when the loop ends.
    mutating func moveOut() -> Self
}

extension ChunkDictionary {
    /// Bits per RLE_DICTIONARY index.
    @inline(__always)
    var indexBitWidth: Int { RLEHybridEncoder.bitWidth(forMaxValue: max(count &- 1, 0)) }
}

/// What a dictionary writer's per-value loop mutates: moved out of the flusher for one
/// append so that the loop touches no class properties, and put back when it ends.
struct PageFill<Dictionary: ChunkDictionary> {
    var page: PageBuffers
    var dictionary: Dictionary
    /// False once the chunk fell back to PLAIN (or when dictionaries are disabled).
    var dictionaryActive: Bool
    /// Non-null values dictionary-encoded in this chunk (for the early fallback heuristic).
    var dictionaryValues: Int
    /// A break a list column waits to make until the next row start.
    var deferred = DeferredPageBreak.none
}

/// The page and chunk side of the dictionary writers (strings and fixed-width values): when a
/// page is full, when the dictionary falls back to PLAIN, and how data and dictionary pages
/// are emitted. A writer keeps only how it hashes, appends and measures its values.
///
/// A column asking for DELTA_BINARY_PACKED never uses the dictionary: its values collect as
/// PLAIN bytes (bounding the page as PLAIN would) and are delta-encoded when the page is flushed.
final class DictionaryPageFlusher<Dictionary: ChunkDictionary> {
    private let levels: LevelShape
    /// The emitter of the encoding thread running this column (`ColumnChunkWriter.use`).
    var emitter: PageEmitter
    /// Bytes per value for DELTA_BINARY_PACKED pages (4 or 8); nil for PLAIN.
    private let deltaWidth: Int?
    /// Reused DELTA_BINARY_PACKED page body.
    private var deltaEncoded: [UInt8] = []
    private let dictionaryEnabled: Bool
    private let dataPageBits: Int
    private let dataPageSize: Int
    private let dictionaryLimit: Int
    private let nullable: Bool

    private var chunk = EncodedColumnChunk()
    private var page = PageBuffers()
    private var dictionary = Dictionary()
    private var dictionaryActive: Bool
    private var dictionaryValues = 0
    private var usedDictionaryPages = false
    private var encodedIndices: [UInt8] = []
    /// Whether this chunk fell back because its values looked near-unique (not for size).
    private var fellBackNearUnique = false
    /// Chunks in a row that fell back as near-unique; the next chunk then starts PLAIN
    /// (see `startsWithDictionary`).
    private var nearUniqueStreak = 0
    private var chunkStartedWithDictionary: Bool

    /// `valueWidth` is the PLAIN size of one value, which `.deltaBinaryPacked` needs (4 or 8).
    init(levels: LevelShape, options: ParquetWriterOptions, emitter: PageEmitter,
         encoding: ParquetValueEncoding = .automatic, valueWidth: Int = 0) {
        self.levels = levels
        self.emitter = emitter
        deltaWidth = encoding == .deltaBinaryPacked ? valueWidth : nil
        let dictionaryEnabled = options.dictionaryEnabled && encoding == .automatic
        self.dictionaryEnabled = dictionaryEnabled
        dataPageBits = options.dataPageSize &* 8
        dataPageSize = options.dataPageSize
        dictionaryLimit = options.dictionaryPageSizeLimit
        nullable = levels.maxDefinition > 0
        dictionaryActive = dictionaryEnabled
        chunkStartedWithDictionary = dictionaryEnabled
    }

    deinit {
        page.deallocate()
        dictionary.deallocate()
    }

    var estimatedSize: Int {
        var size = chunk.totalUncompressedSize + page.plain.count + (page.levels.count + page.repetition.count) / 8
        if dictionaryActive { size += dictionary.plainSize + page.indices.count * 4 }
        return size
    }

    /// The state for one append; hand it back with `endAppend` however the append ends. The
    /// page buffers alias (no copy); the flusher's copies are only used again after that.
    func beginAppend() -> PageFill<Dictionary> {
        PageFill(page: page, dictionary: dictionary.moveOut(), dictionaryActive: dictionaryActive,
                 dictionaryValues: dictionaryValues)
    }

    func endAppend(_ fill: PageFill<Dictionary>) {
        page = fill.page
        dictionary = fill.dictionary
        dictionaryActive = fill.dictionaryActive
        dictionaryValues = fill.dictionaryValues
    }

    // MARK: Per-slot steps of the writers' loops

    /// A flat slot: counts it, and records a null whole (flushing a page full of nulls).
    /// Returns whether the slot holds a value.
    @inline(__always)
    func openFlatSlot(isNull: Bool, _ fill: inout PageFill<Dictionary>) throws -> Bool {
        fill.page.valueCount &+= 1
        if isNull {
            fill.page.levels.append(0)
            // Nulls add no value bytes; bound the page by count as well.
            if fill.page.valueCount >= PageLimits.maxValues {
                try flushPage(&fill.page, dictionary: fill.dictionaryActive ? fill.dictionary : nil)
            }
            return false
        }
        if nullable { fill.page.levels.append(1) }
        return true
    }

    /// A list slot: makes a deferred page break where a row starts, then records the slot's
    /// levels. Returns its definition level.
    @inline(__always)
    func openListSlot(_ slot: Int, of nested: NestedSlots, _ fill: inout PageFill<Dictionary>) throws -> UInt32 {
        let repetition = nested.repetition[slot]
        if repetition == 0 && fill.deferred != .none {
            try breakPage(fill.deferred, &fill)
            fill.deferred = .none
        }
        let definition = nested.definition[slot]
        fill.page.repetition.append(repetition)
        fill.page.levels.append(definition)
        fill.page.valueCount &+= 1
        return definition
    }

    /// A list slot that holds no value: steps past a null element, bounds the page by count.
    @inline(__always)
    func skipListSlot(definition: UInt32, of nested: NestedSlots, element: inout Int, _ fill: inout PageFill<Dictionary>) {
        if definition >= nested.elementDefinition { element &+= 1 }
        if fill.page.valueCount >= PageLimits.maxValues { fill.deferred = max(fill.deferred, .flush) }
    }

    /// After a value's dictionary index: records it, falls back to PLAIN when the dictionary
    /// outgrew its limit or looks near-unique, else breaks a full page.
    @inline(__always)
    func appendIndex(_ index: Int32, inserted: Bool, nested: Bool, _ fill: inout PageFill<Dictionary>) throws {
        fill.page.indices.append(UInt32(bitPattern: index))
        fill.dictionaryValues &+= 1
        if inserted {
            let entries = fill.dictionary.count
            let nearUnique = entries == DictionaryHeuristics.probeValues
                && fill.dictionaryValues < DictionaryHeuristics.probeValues * 4 / 3
            if fill.deferred != .fallback && (fill.dictionary.plainSize > dictionaryLimit || nearUnique) {
                fellBackNearUnique = nearUnique
                if nested {
                    fill.deferred = .fallback
                } else {
                    try breakPage(.fallback, &fill)
                }
                return
            }
        }
        if fill.page.indices.count &* fill.dictionary.indexBitWidth >= dataPageBits
            || fill.page.valueCount >= PageLimits.maxValues {
            if nested {
                fill.deferred = max(fill.deferred, .flush)
            } else {
                try flushPage(&fill.page, dictionary: fill.dictionary)
            }
        }
    }

    /// After a value went to the PLAIN buffer: breaks a full page.
    @inline(__always)
    func plainValueAppended(nested: Bool, _ fill: inout PageFill<Dictionary>) throws {
        if fill.page.plain.count >= dataPageSize {
            if nested {
                fill.deferred = max(fill.deferred, .flush)
            } else {
                try flushPage(&fill.page, dictionary: nil)
            }
        }
    }

    /// Makes `action`: flush the page, or flush it, write the dictionary page and continue PLAIN.
    /// Nested slots always end with a whole row, so an append ends with this for `fill.deferred`.
    func breakPage(_ action: DeferredPageBreak, _ fill: inout PageFill<Dictionary>) throws {
        switch action {
        case .none:
            return
        case .flush:
            try flushPage(&fill.page, dictionary: fill.dictionaryActive ? fill.dictionary : nil)
        case .fallback:
            try flushPage(&fill.page, dictionary: fill.dictionary)
            try emitDictionaryPage(fill.dictionary)
            fill.dictionary.deallocate()
            fill.dictionary = Dictionary()
            fill.dictionaryActive = false
        }
    }

    // MARK: Pages and the chunk

    private func flushPage(_ page: inout PageBuffers, dictionary: Dictionary?) throws {
        guard page.valueCount > 0 else { return }
        defer { page.clear() }
        let valueCount = page.valueCount
        let pageLevels = PageLevels(shape: levels, definition: levels.maxDefinition > 0 ? page.levels.buffer : nil,
                                    repetition: levels.maxRepetition > 0 ? page.repetition.buffer : nil)
        if let dictionary {
            encodedIndices.removeAll(keepingCapacity: true)
            let bitWidth = dictionary.indexBitWidth
            encodedIndices.append(UInt8(bitWidth))
            RLEHybridEncoder.encode(page.indices.buffer, bitWidth: bitWidth, into: &encodedIndices)
            try encodedIndices.withUnsafeBytes {
                try emitter.emitDataPage(levels: pageLevels, values: $0, valueCount: valueCount,
                                         encoding: .rleDictionary, to: &chunk)
            }
            usedDictionaryPages = true
        } else if let deltaWidth {
            deltaEncoded.removeAll(keepingCapacity: true)
            DeltaBinaryPacked.encode(littleEndian: page.plain.rawBuffer, width: deltaWidth, into: &deltaEncoded)
            try deltaEncoded.withUnsafeBytes {
                try emitter.emitDataPage(levels: pageLevels, values: $0, valueCount: valueCount,
                                         encoding: .deltaBinaryPacked, to: &chunk)
            }
        } else {
            try emitter.emitDataPage(levels: pageLevels, values: page.plain.rawBuffer, valueCount: valueCount,
                                     encoding: .plain, to: &chunk)
        }
    }

    private func emitDictionaryPage(_ dictionary: Dictionary) throws {
        guard usedDictionaryPages else { return }
        emitter.body.removeAll(keepingCapacity: true)
        dictionary.plainEncoded(into: &emitter.body)
        try emitter.emitDictionaryPage(entryCount: dictionary.count, to: &chunk)
    }

    /// Flushes the last page and the dictionary, and starts the next chunk; the writer adds
    /// the statistics.
    func finishChunk() throws -> EncodedColumnChunk {
        try flushPage(&page, dictionary: dictionaryActive ? dictionary : nil)
        if dictionaryActive { try emitDictionaryPage(dictionary) }
        let finished = chunk
        chunk = EncodedColumnChunk()
        dictionary.deallocate()
        dictionary = Dictionary()
        // A chunk that started PLAIN because of the streak continues it.
        let startedPlain = dictionaryEnabled && !chunkStartedWithDictionary
        nearUniqueStreak = fellBackNearUnique || startedPlain ? nearUniqueStreak &+ 1 : 0
        fellBackNearUnique = false
        chunkStartedWithDictionary = dictionaryEnabled && DictionaryHeuristics.startsWithDictionary(afterNearUniqueChunks: nearUniqueStreak)
        dictionaryActive = chunkStartedWithDictionary
        usedDictionaryPages = false
        dictionaryValues = 0
        return finished
    }
}
