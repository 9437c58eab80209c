/// Decodes the pages of one column chunk into `ColumnValues`.
struct ColumnChunkDecoder {
    let descriptor: ColumnDescriptor
    let codec: Int32
    let decompressor: PageDecompressor

    /// The decoded dictionary page, in the form its column type needs.
    enum Dictionary {
        case none
        case fixed([UInt64])
        case bytes(ByteArrayColumn)
        case booleans([Bool])
    }

    /// Values accumulated across pages.
    enum Output {
        case booleans([Bool?])
        case int32s([Int32?])
        case int64s([Int64?])
        case doubles([Double?])
        case bytes(ByteArrayColumn)
    }

    /// Decodes `bytes` (the whole chunk) that must hold exactly `valueCount` values (level
    /// entries, for a list column) making up `rowCount` rows.
    func decode(_ bytes: [UInt8], valueCount: Int, rowCount: Int) throws -> ColumnValues {
        var output: Output
        switch descriptor.valueType {
        case .boolean: output = .booleans([])
        case .int32, .date: output = .int32s([])
        case .int64, .timestampMicros: output = .int64s([])
        case .double: output = .doubles([])
        case .string: output = .bytes(ByteArrayColumn())
        case .list: throw ParquetError.unsupported("column '\(descriptor.column.name)' is a list of lists")
        }
        var dictionary = Dictionary.none
        var pages = ChunkPageCursor(bytes: bytes, column: descriptor.column.name)
        var decoded = 0
        var levels: [UInt32] = []
        var repetition: [UInt32] = []
        var assembler = descriptor.isList
            ? ListAssembler(listDefinition: descriptor.listDefinitionLevel, elementDefinition: descriptor.elementDefinitionLevel,
                            columnName: descriptor.column.name)
            : nil
        while decoded < valueCount {
            let (header, body) = try pages.next(decoded: decoded, of: valueCount)
            let bodyStart = body.lowerBound, bodyEnd = body.upperBound
            switch PageType(rawValue: header.type) {
            case .dictionaryPage:
                guard case .none = dictionary, decoded == 0 else {
                    throw ParquetError.corrupt("unexpected dictionary page in column '\(descriptor.column.name)'")
                }
                dictionary = try dictionaryPage(header, bytes: bytes, body: body)
            case .dataPage, .dataPageV2:
                let pageValues = try dataPageValues(header, decoded: decoded, of: valueCount)
                let (payload, valuesStart) = try pagePayload(header, bytes: bytes, bodyStart: bodyStart, bodyEnd: bodyEnd,
                                                             pageValues: pageValues, levels: &levels, repetition: &repetition)
                let nonNull = try presentValues(levels, pageValues: pageValues)
                if assembler != nil {
                    guard decoded > 0 || repetition.first ?? 0 == 0 else {
                        throw ParquetError.corrupt("column '\(descriptor.column.name)' starts in the middle of a list")
                    }
                    try assembler?.consume(definition: levels, repetition: repetition)
                }
                try payload.withUnsafeBytes { raw in
                    try appendValues(raw, from: valuesStart, nonNull: nonNull, pageValues: pageValues, levels: levels,
                                     encoding: header.encoding, dictionary: dictionary, into: &output)
                }
                decoded += pageValues
            case .indexPage, nil:
                continue
            }
        }
        if let assembler {
            guard assembler.rowCount == rowCount else {
                throw ParquetError.corrupt("column '\(descriptor.column.name)' holds \(assembler.rowCount) lists in a row group of \(rowCount) rows")
            }
            return .lists(try assembler.finish(elements: finish(output)))
        }
        return try finish(output)
    }

    /// Slots of the page holding a value (definition level at its maximum).
    func presentValues(_ levels: [UInt32], pageValues: Int) throws -> Int {
        let maxDefinition = UInt32(descriptor.maxDefinitionLevel)
        guard maxDefinition > 0 else { return pageValues }
        var present = 0
        for level in levels {
            if level == maxDefinition {
                present &+= 1
            } else if level > maxDefinition {
                throw ParquetError.corrupt("definition level \(level) above the maximum \(maxDefinition) in column '\(descriptor.column.name)'")
            }
        }
        return present
    }

    /// Returns the page's decompressed bytes and where the values start, filling `levels`
    /// with the definition levels (OPTIONAL columns and lists) and `repetition` with the
    /// repetition levels (lists).
    func pagePayload(_ header: PageHeader, bytes: [UInt8], bodyStart: Int, bodyEnd: Int, pageValues: Int,
                             levels: inout [UInt32], repetition: inout [UInt32]) throws -> ([UInt8], Int) {
        levels.removeAll(keepingCapacity: true)
        repetition.removeAll(keepingCapacity: true)
        let nullable = descriptor.maxDefinitionLevel > 0
        let repeated = descriptor.maxRepetitionLevel > 0
        let definitionWidth = LevelEncoder.bitWidth(descriptor.maxDefinitionLevel)
        let repetitionWidth = LevelEncoder.bitWidth(descriptor.maxRepetitionLevel)
        if header.type == PageType.dataPage.rawValue {
            let payload = try bytes.withUnsafeBytes {
                try decompressor.decompress(UnsafeRawBufferPointer(rebasing: $0[bodyStart..<bodyEnd]), codec: codec,
                                            uncompressedSize: Int(header.uncompressedPageSize))
            }
            var position = 0
            /// Decodes one length-prefixed level stream at `position`.
            func levelStream(_ kind: String, encoding: Int32, bitWidth: Int, into out: inout [UInt32]) throws {
                guard encoding == Encoding.rle.rawValue else {
                    throw ParquetError.unsupported("\(kind) level encoding \(Encoding.name(encoding)) in column '\(descriptor.column.name)'")
                }
                guard payload.count - position >= 4 else { throw ParquetError.corrupt("data page too short for its \(kind) levels") }
                let length = Int(UInt32(payload[position]) | UInt32(payload[position + 1]) << 8
                                 | UInt32(payload[position + 2]) << 16 | UInt32(payload[position + 3]) << 24)
                guard length <= payload.count - position - 4 else { throw ParquetError.corrupt("\(kind) levels run past the page") }
                try payload.withUnsafeBytes {
                    _ = try RLEHybridDecoder.decode($0, start: position + 4, end: position + 4 + length, bitWidth: bitWidth,
                                                    count: pageValues, into: &out)
                }
                position += 4 + length
            }
            if repeated {
                try levelStream("repetition", encoding: header.repetitionLevelEncoding, bitWidth: repetitionWidth, into: &repetition)
            }
            if nullable {
                try levelStream("definition", encoding: header.definitionLevelEncoding, bitWidth: definitionWidth, into: &levels)
            }
            return (payload, position)
        }
        // Data page v2: levels are stored uncompressed ahead of the (maybe compressed) values.
        let repLength = Int(header.repetitionLevelsByteLength)
        let defLength = Int(header.definitionLevelsByteLength)
        guard repLength >= 0, defLength >= 0, repLength + defLength <= bodyEnd - bodyStart,
              repLength + defLength <= Int(header.uncompressedPageSize) else {
            throw ParquetError.corrupt("data page v2 level lengths exceed the page")
        }
        let levelStart = bodyStart + repLength
        let valuesStart = levelStart + defLength
        if repeated {
            try bytes.withUnsafeBytes {
                _ = try RLEHybridDecoder.decode($0, start: bodyStart, end: levelStart, bitWidth: repetitionWidth, count: pageValues,
                                                into: &repetition)
            }
        }
        if nullable {
            try bytes.withUnsafeBytes {
                _ = try RLEHybridDecoder.decode($0, start: levelStart, end: valuesStart, bitWidth: definitionWidth, count: pageValues,
                                                into: &levels)
            }
        }
        let valuesSize = Int(header.uncompressedPageSize) - repLength - defLength
        let payload: [UInt8] = try bytes.withUnsafeBytes {
            let source = UnsafeRawBufferPointer(rebasing: $0[valuesStart..<bodyEnd])
            if header.isCompressed {
                return try decompressor.decompress(source, codec: codec, uncompressedSize: valuesSize)
            }
            guard source.count == valuesSize else { throw ParquetError.corrupt("uncompressed v2 page size mismatch") }
            return Array(source)
        }
        return (payload, 0)
    }

    /// A dictionary page's values, decompressed and decoded.
    func dictionaryPage(_ header: PageHeader, bytes: [UInt8], body: Range<Int>) throws -> Dictionary {
        let payload = try bytes.withUnsafeBytes {
            try decompressor.decompress(UnsafeRawBufferPointer(rebasing: $0[body]), codec: codec,
                                        uncompressedSize: Int(header.uncompressedPageSize))
        }
        return try decodeDictionary(payload, count: Int(header.numValues), encoding: header.encoding)
    }

    /// A data page's value count, checked against what is left of the chunk.
    func dataPageValues(_ header: PageHeader, decoded: Int, of total: Int) throws -> Int {
        let pageValues = Int(header.numValues)
        guard pageValues >= 0, pageValues <= total - decoded else {
            throw ParquetError.corrupt("page of column '\(descriptor.column.name)' claims \(pageValues) values, more than the chunk's remaining \(total - decoded)")
        }
        return pageValues
    }

    func decodeDictionary(_ payload: [UInt8], count: Int, encoding: Int32) throws -> Dictionary {
        guard encoding == Encoding.plain.rawValue || encoding == Encoding.plainDictionary.rawValue else {
            throw ParquetError.unsupported("dictionary page encoding \(Encoding.name(encoding))")
        }
        guard count >= 0 else { throw ParquetError.corrupt("negative dictionary size") }
        return try payload.withUnsafeBytes { raw in
            switch descriptor.physicalType {
            case .byteArray:
                var column = ByteArrayColumn()
                try PlainDecoding.byteArrays(raw, from: 0, count: count, into: &column)
                return .bytes(column)
            case .int32, .float:
                return .fixed(try PlainDecoding.fixed(raw, from: 0, count: count, width: 4))
            case .int64, .double:
                return .fixed(try PlainDecoding.fixed(raw, from: 0, count: count, width: 8))
            case .boolean:
                return .booleans(try PlainDecoding.booleans(raw, from: 0, count: count))
            case .int96, .fixedLenByteArray:
                throw ParquetError.unsupported("physical type \(descriptor.physicalType.name)")
            }
        }
    }

    /// Decodes `nonNull` values and appends the page's entries (see `scatter`).
    private func appendValues(_ raw: UnsafeRawBufferPointer, from start: Int, nonNull: Int, pageValues: Int,
                              levels: [UInt32], encoding: Int32, dictionary: Dictionary, into output: inout Output) throws {
        let nullable = descriptor.maxDefinitionLevel > 0
        let maxDefinition = UInt32(descriptor.maxDefinitionLevel)
        let elementDefinition = UInt32(descriptor.elementDefinitionLevel)
        var indices: [UInt32]?
        // Integer values a delta-encoded page already decoded, as bit patterns.
        var deltaDecoded: [UInt64]?
        switch Encoding(rawValue: encoding) {
        case .plain:
            break
        case .deltaBinaryPacked where descriptor.physicalType == .int32 || descriptor.physicalType == .int64:
            deltaDecoded = try DeltaBinaryPacked.decode(raw, from: start, count: nonNull)
        case .rleDictionary, .plainDictionary:
            guard start < raw.count || nonNull == 0 else { throw ParquetError.corrupt("dictionary-encoded page has no bit width") }
            var decodedIndices: [UInt32] = []
            if nonNull > 0 {
                let bitWidth = Int(raw[start])
                try RLEHybridDecoder.decode(raw, start: start + 1, end: raw.count, bitWidth: bitWidth, count: nonNull, into: &decodedIndices)
            }
            indices = decodedIndices
        case .rle where descriptor.physicalType == .boolean:
            guard raw.count - start >= 4 else { throw ParquetError.corrupt("RLE boolean page too short") }
            let length = Int(raw.loadUnaligned(fromByteOffset: start, as: UInt32.self).littleEndian)
            guard length <= raw.count - start - 4 else { throw ParquetError.corrupt("RLE boolean data runs past the page") }
            var bits: [UInt32] = []
            try RLEHybridDecoder.decode(raw, start: start + 4, end: start + 4 + length, bitWidth: 1, count: nonNull, into: &bits)
            guard case .booleans(var values) = output else { throw ParquetError.corrupt("boolean RLE on a non-boolean column") }
            output = .booleans([])
            scatter(bits.map { $0 != 0 }, levels: levels, nullable: nullable, pageValues: pageValues, into: &values)
            output = .booleans(values)
            return
        default:
            throw ParquetError.unsupported("encoding \(Encoding.name(encoding)) in column '\(descriptor.column.name)'")
        }

        switch output {
        case .booleans(var values):
            output = .booleans([])
            let decoded: [Bool]
            if let indices {
                guard case .booleans(let dict) = dictionary else { throw missingDictionary() }
                decoded = try indices.map { i in
                    guard Int(i) < dict.count else { throw badIndex(i, dict.count) }
                    return dict[Int(i)]
                }
            } else {
                decoded = try PlainDecoding.booleans(raw, from: start, count: nonNull)
            }
            scatter(decoded, levels: levels, nullable: nullable, pageValues: pageValues, into: &values)
            output = .booleans(values)
        case .int32s(var values):
            output = .int32s([])
            let patterns = try deltaDecoded
                ?? fixedPatterns(raw, start: start, nonNull: nonNull, width: 4, indices: indices, dictionary: dictionary)
            scatter(patterns.map { Int32(truncatingIfNeeded: Int64(bitPattern: $0)) }, levels: levels, nullable: nullable,
                    pageValues: pageValues, into: &values)
            output = .int32s(values)
        case .int64s(var values):
            output = .int64s([])
            let patterns = try deltaDecoded
                ?? fixedPatterns(raw, start: start, nonNull: nonNull, width: 8, indices: indices, dictionary: dictionary)
            let converted: [Int64] = try patterns.map(int64)
            scatter(converted, levels: levels, nullable: nullable, pageValues: pageValues, into: &values)
            output = .int64s(values)
        case .doubles(var values):
            output = .doubles([])
            let width = descriptor.conversion == .floatToDouble ? 4 : 8
            let patterns = try fixedPatterns(raw, start: start, nonNull: nonNull, width: width, indices: indices, dictionary: dictionary)
            let converted: [Double] = patterns.map { Self.double($0, width: width) }
            scatter(converted, levels: levels, nullable: nullable, pageValues: pageValues, into: &values)
            output = .doubles(values)
        case .bytes(var column):
            output = .bytes(ByteArrayColumn())
            // Slots of this page: a value, or a null that has a slot (not an empty or null list).
            var slots = 0
            for i in 0..<pageValues where !(nullable && levels[i] != maxDefinition) || levels[i] >= elementDefinition { slots += 1 }
            if let indices {
                guard case .bytes(let dict) = dictionary else { throw missingDictionary() }
                guard indices.count >= nonNull else { throw ParquetError.corrupt("dictionary page holds fewer indices than values") }
                try dict.withRawParts { dictBytes, dictOffsets, _ in
                    var total = 0
                    for k in 0..<nonNull {
                        let index = Int(indices[k])
                        guard index < dict.count else { throw badIndex(UInt32(index), dict.count) }
                        total += dictOffsets[index + 1] - dictOffsets[index]
                    }
                    column.appendBulk(values: slots, bytes: total) { writer in
                        var next = 0
                        for i in 0..<pageValues {
                            if nullable && levels[i] != maxDefinition {
                                if levels[i] >= elementDefinition { writer.null() }
                                continue
                            }
                            let index = Int(indices[next])
                            next += 1
                            writer.value(UnsafeRawBufferPointer(rebasing: dictBytes[dictOffsets[index]..<dictOffsets[index + 1]]))
                        }
                    }
                }
            } else {
                var values = ByteArrayColumn()
                try PlainDecoding.byteArrays(raw, from: start, count: nonNull, into: &values)
                values.withRawParts { valueBytes, valueOffsets, _ in
                    column.appendBulk(values: slots, bytes: valueBytes.count) { writer in
                        var next = 0
                        for i in 0..<pageValues {
                            if nullable && levels[i] != maxDefinition {
                                if levels[i] >= elementDefinition { writer.null() }
                                continue
                            }
                            writer.value(UnsafeRawBufferPointer(rebasing: valueBytes[valueOffsets[next]..<valueOffsets[next + 1]]))
                            next += 1
                        }
                    }
                }
            }
            output = .bytes(column)
        }
    }

    /// An INT64 value in Medallion's unit (timestamps in microseconds).
    func int64(_ pattern: UInt64) throws -> Int64 {
        let v = Int64(bitPattern: pattern)
        switch descriptor.conversion {
        case .millisToMicros:
            let (r, overflow) = v.multipliedReportingOverflow(by: 1000)
            if overflow { throw ParquetError.corrupt("timestamp \(v) ms does not fit in microseconds") }
            return r
        case .nanosToMicros:
            return v >= 0 ? v / 1000 : (v - 999) / 1000
        case .none, .floatToDouble:
            return v
        }
    }

    /// A FLOAT (`width` 4) or DOUBLE value as a Double.
    static func double(_ pattern: UInt64, width: Int) -> Double {
        width == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: pattern))) : Double(bitPattern: pattern)
    }

    private func fixedPatterns(_ raw: UnsafeRawBufferPointer, start: Int, nonNull: Int, width: Int, indices: [UInt32]?,
                               dictionary: Dictionary) throws -> [UInt64] {
        if let indices {
            guard case .fixed(let dict) = dictionary else { throw missingDictionary() }
            return try indices.map { i in
                guard Int(i) < dict.count else { throw badIndex(i, dict.count) }
                return dict[Int(i)]
            }
        }
        return try PlainDecoding.fixed(raw, from: start, count: nonNull, width: width)
    }

    /// Appends the page's slots: a value where the definition level is at its maximum, a
    /// null where it reaches an element (every slot, for flat columns), nothing for a null or
    /// empty list.
    private func scatter<T>(_ decoded: [T], levels: [UInt32], nullable: Bool, pageValues: Int, into values: inout [T?]) {
        if !nullable {
            values.append(contentsOf: decoded.lazy.map { Optional($0) })
            return
        }
        let maxDefinition = UInt32(descriptor.maxDefinitionLevel)
        let elementDefinition = UInt32(descriptor.elementDefinitionLevel)
        var next = 0
        for i in 0..<pageValues {
            if levels[i] != maxDefinition {
                if levels[i] >= elementDefinition { values.append(nil) }
            } else {
                values.append(decoded[next])
                next += 1
            }
        }
    }

    func missingDictionary() -> ParquetError {
        .corrupt("column '\(descriptor.column.name)' has dictionary-encoded pages but no dictionary page")
    }

    func badIndex(_ index: UInt32, _ count: Int) -> ParquetError {
        .corrupt("dictionary index \(index) out of range (dictionary has \(count) entries) in column '\(descriptor.column.name)'")
    }

    func finish(_ output: Output) throws -> ColumnValues {
        switch (output, descriptor.valueType) {
        case (.booleans(let v), _): return .booleans(v)
        case (.int32s(let v), .date): return .dates(v)
        case (.int32s(let v), _): return .int32s(v)
        case (.int64s(let v), .timestampMicros): return .timestampsMicros(v)
        case (.int64s(let v), _): return .int64s(v)
        case (.doubles(let v), _): return .doubles(v)
        case (.bytes(let v), _): return .byteArrays(v)
        }
    }
}
