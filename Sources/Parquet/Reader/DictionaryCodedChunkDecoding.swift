extension ColumnChunkDecoder {
    /// Decodes a flat column chunk as its dictionary and per-row codes, or returns nil when
    /// that is not how the chunk is stored: a data page not dictionary-encoded (writers fall
    /// back to PLAIN once a dictionary grows too large), or a list column. Nil is decided at
    /// the first such page, before its values are touched; the caller then decodes the chunk
    /// with `decode`. Corruption throws as `decode` would.
    func decodeDictionaryCoded(_ bytes: [UInt8], valueCount: Int, rowCount: Int) throws -> DictionaryCodedColumn? {
        guard !descriptor.isList, descriptor.maxRepetitionLevel == 0, descriptor.valueType.isScalar else { return nil }
        var dictionary: ColumnValues?
        var dictionaryCount = 0
        var codes: [Int32] = []
        codes.reserveCapacity(rowCount)
        var pages = ChunkPageCursor(bytes: bytes, column: descriptor.column.name)
        var decoded = 0
        var levels: [UInt32] = []
        var repetition: [UInt32] = []
        var indices: [UInt32] = []
        let nullable = descriptor.maxDefinitionLevel > 0
        let maxDefinition = UInt32(descriptor.maxDefinitionLevel)
        while decoded < valueCount {
            let (header, body) = try pages.next(decoded: decoded, of: valueCount)
            let bodyStart = body.lowerBound, bodyEnd = body.upperBound
            switch PageType(rawValue: header.type) {
            case .dictionaryPage:
                guard dictionary == nil, decoded == 0 else {
                    throw ParquetError.corrupt("unexpected dictionary page in column '\(descriptor.column.name)'")
                }
                dictionaryCount = Int(header.numValues)
                let entries = try dictionaryValues(try dictionaryPage(header, bytes: bytes, body: body))
                guard entries.count == dictionaryCount else {
                    throw ParquetError.corrupt("dictionary page of column '\(descriptor.column.name)' holds \(entries.count) of \(dictionaryCount) values")
                }
                dictionary = entries
            case .dataPage, .dataPageV2:
                guard header.encoding == Encoding.rleDictionary.rawValue || header.encoding == Encoding.plainDictionary.rawValue else {
                    return nil
                }
                guard dictionary != nil else { throw missingDictionary() }
                let pageValues = try dataPageValues(header, decoded: decoded, of: valueCount)
                let (payload, start) = try pagePayload(header, bytes: bytes, bodyStart: bodyStart, bodyEnd: bodyEnd,
                                                       pageValues: pageValues, levels: &levels, repetition: &repetition)
                let nonNull = try presentValues(levels, pageValues: pageValues)
                indices.removeAll(keepingCapacity: true)
                if nonNull > 0 {
                    try payload.withUnsafeBytes { raw in
                        guard start < raw.count else { throw ParquetError.corrupt("dictionary-encoded page has no bit width") }
                        try RLEHybridDecoder.decode(raw, start: start + 1, end: raw.count, bitWidth: Int(raw[start]), count: nonNull,
                                                    into: &indices)
                    }
                    guard indices.count >= nonNull else { throw ParquetError.corrupt("dictionary page holds fewer indices than values") }
                }
                try appendCodes(indices, nonNull: nonNull, levels: levels, nullable: nullable, maxDefinition: maxDefinition,
                                pageValues: pageValues, dictionaryCount: dictionaryCount, into: &codes)
                decoded += pageValues
            case .indexPage, nil:
                continue
            }
        }
        guard codes.count == rowCount else {
            throw ParquetError.corrupt("column '\(descriptor.column.name)' holds \(codes.count) values in a row group of \(rowCount) rows")
        }
        // A chunk of nulls only may come without a dictionary page: an empty dictionary serves.
        return DictionaryCodedColumn(dictionary: try dictionary ?? dictionaryValues(.none), codes: codes)
    }

    /// Appends a code per slot of the page: the next index where the value is present, -1
    /// where the definition level says null. Every index is checked against the dictionary.
    private func appendCodes(_ indices: [UInt32], nonNull: Int, levels: [UInt32], nullable: Bool, maxDefinition: UInt32,
                             pageValues: Int, dictionaryCount: Int, into codes: inout [Int32]) throws {
        let limit = UInt32(truncatingIfNeeded: dictionaryCount)
        try indices.withUnsafeBufferPointer { indices in
            var largest: UInt32 = 0
            for k in 0..<nonNull { largest = max(largest, indices[k]) }
            if nonNull > 0, largest >= limit { throw badIndex(largest, dictionaryCount) }
            if !nullable {
                for k in 0..<nonNull { codes.append(Int32(bitPattern: indices[k])) }
                return
            }
            try levels.withUnsafeBufferPointer { levels in
                guard levels.count >= pageValues else {
                    throw ParquetError.corrupt("column '\(descriptor.column.name)' has fewer definition levels than values")
                }
                var next = 0
                for i in 0..<pageValues {
                    if levels[i] == maxDefinition {
                        codes.append(Int32(bitPattern: indices[next]))
                        next &+= 1
                    } else {
                        codes.append(-1)
                    }
                }
            }
        }
    }

    /// The dictionary page's entries as values of the column's type, converted as data
    /// pages' values are.
    private func dictionaryValues(_ dictionary: Dictionary) throws -> ColumnValues {
        var output: Output
        switch (descriptor.valueType, dictionary) {
        case (.boolean, .booleans(let values)):
            output = .booleans(values.map { Optional($0) })
        case (.boolean, .none):
            output = .booleans([])
        case (.int32, .fixed(let patterns)), (.date, .fixed(let patterns)):
            output = .int32s(patterns.map { Int32(truncatingIfNeeded: Int64(bitPattern: $0)) })
        case (.int32, .none), (.date, .none):
            output = .int32s([])
        case (.int64, .fixed(let patterns)), (.timestampMicros, .fixed(let patterns)):
            output = .int64s(try patterns.map(int64))
        case (.int64, .none), (.timestampMicros, .none):
            output = .int64s([])
        case (.double, .fixed(let patterns)):
            let width = descriptor.conversion == .floatToDouble ? 4 : 8
            output = .doubles(patterns.map { Self.double($0, width: width) })
        case (.double, .none):
            output = .doubles([])
        case (.string, .bytes(let column)):
            output = .bytes(column)
        case (.string, .none):
            output = .bytes(ByteArrayColumn())
        default:
            throw ParquetError.corrupt("dictionary page of column '\(descriptor.column.name)' does not hold \(descriptor.valueType.name) values")
        }
        return try finish(output)
    }
}
