import TextEncoding

/// Human- and machine-readable descriptions of a Parquet file for `medallion parquet`.
public enum ParquetInspection {
    /// One line per column: name, physical type, annotations, repetition.
    public static func schemaText(_ metadata: ParquetFileMetadata) -> String {
        let leaves = Array(metadata.schema.dropFirst())
        let width = leaves.map(\.name.count).max() ?? 0
        var lines: [String] = []
        for element in leaves {
            var parts = [element.name.padding(width), element.physicalType?.name ?? "GROUP"]
            if let logical = element.logicalType { parts.append(logical.name) }
            if let converted = element.convertedTypeName { parts.append("(\(converted))") }
            parts.append(element.repetition?.name ?? "REQUIRED")
            lines.append(parts.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// Row groups, column chunks and footer details as indented text.
    public static func metaText(_ metadata: ParquetFileMetadata) -> String {
        var lines = [
            "created_by: \(metadata.createdBy ?? "(unknown)")",
            "format version: \(metadata.version)",
            "rows: \(metadata.numRows)",
            "row groups: \(metadata.rowGroups.count)",
        ]
        if !metadata.keyValueMetadata.isEmpty {
            lines.append("key/value metadata:")
            for kv in metadata.keyValueMetadata { lines.append("  \(kv.key) = \(kv.value ?? "(null)")") }
        }
        for (index, group) in metadata.rowGroups.enumerated() {
            lines.append("row group \(index): rows=\(group.numRows) uncompressed=\(group.totalByteSize) compressed=\(group.totalCompressedSize.map { "\($0)" } ?? "?")")
            for chunk in group.columns {
                var line = "  \(chunk.pathInSchema.joined(separator: ".")): \(chunk.physicalType.name) \(chunk.codecName)"
                line += " encodings=\(chunk.encodingNames.joined(separator: ","))"
                line += " values=\(chunk.numValues) compressed=\(chunk.totalCompressedSize) uncompressed=\(chunk.totalUncompressedSize)"
                if let dictionary = chunk.dictionaryPageOffset { line += " dictionary_page_offset=\(dictionary)" }
                line += " data_page_offset=\(chunk.dataPageOffset)"
                if let stats = chunk.statistics {
                    if let nulls = stats.nullCount { line += " nulls=\(nulls)" }
                    let element = element(for: chunk, in: metadata)
                    // Strings are quoted and escaped so that odd bytes cannot break the layout.
                    let quote = chunk.physicalType == .byteArray
                    func shown(_ bytes: [UInt8]) -> String {
                        let text = statisticText(bytes, chunk.physicalType, element)
                        return quote ? JSONStringEscaping.quoted(text) : text
                    }
                    if let min = stats.minValue ?? stats.min { line += " min=\(shown(min))" }
                    if let max = stats.maxValue ?? stats.max { line += " max=\(shown(max))" }
                }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The same information as one JSON document.
    public static func metaJSON(_ metadata: ParquetFileMetadata) -> String {
        func str(_ s: String) -> String { JSONStringEscaping.quoted(s) }
        var groups: [String] = []
        for group in metadata.rowGroups {
            var chunks: [String] = []
            for chunk in group.columns {
                var fields = [
                    "\"path\":\(str(chunk.pathInSchema.joined(separator: ".")))",
                    "\"physical_type\":\(str(chunk.physicalType.name))",
                    "\"compression\":\(str(chunk.codecName))",
                    "\"encodings\":[\(chunk.encodingNames.map(str).joined(separator: ","))]",
                    "\"num_values\":\(chunk.numValues)",
                    "\"total_compressed_size\":\(chunk.totalCompressedSize)",
                    "\"total_uncompressed_size\":\(chunk.totalUncompressedSize)",
                    "\"data_page_offset\":\(chunk.dataPageOffset)",
                    "\"dictionary_page_offset\":\(chunk.dictionaryPageOffset.map { "\($0)" } ?? "null")",
                ]
                if let stats = chunk.statistics {
                    let element = element(for: chunk, in: metadata)
                    let min = (stats.minValue ?? stats.min).map { str(statisticText($0, chunk.physicalType, element)) } ?? "null"
                    let max = (stats.maxValue ?? stats.max).map { str(statisticText($0, chunk.physicalType, element)) } ?? "null"
                    fields.append("\"statistics\":{\"null_count\":\(stats.nullCount.map { "\($0)" } ?? "null"),\"min\":\(min),\"max\":\(max)}")
                } else {
                    fields.append("\"statistics\":null")
                }
                chunks.append("{" + fields.joined(separator: ",") + "}")
            }
            groups.append("{\"num_rows\":\(group.numRows),\"total_byte_size\":\(group.totalByteSize),"
                          + "\"total_compressed_size\":\(group.totalCompressedSize.map { "\($0)" } ?? "null"),"
                          + "\"columns\":[\(chunks.joined(separator: ","))]}")
        }
        let kv = metadata.keyValueMetadata.map { "\(str($0.key)):\($0.value.map(str) ?? "null")" }
        let columns = metadata.schema.dropFirst().map { e in
            "{\"name\":\(str(e.name)),\"physical_type\":\(e.physicalType.map { str($0.name) } ?? "null"),"
                + "\"logical_type\":\(e.logicalType.map { str($0.name) } ?? "null"),"
                + "\"converted_type\":\(e.convertedTypeName.map(str) ?? "null"),"
                + "\"repetition\":\(str(e.repetition?.name ?? "REQUIRED"))}"
        }
        return "{\"created_by\":\(metadata.createdBy.map(str) ?? "null"),\"version\":\(metadata.version),"
            + "\"num_rows\":\(metadata.numRows),\"schema\":[\(columns.joined(separator: ","))],"
            + "\"key_value_metadata\":{\(kv.joined(separator: ","))},\"row_groups\":[\(groups.joined(separator: ","))]}"
    }

    /// One NDJSON line per row of `batch` (keys in schema order), each ending in "\n".
    public static func appendNDJSON(_ batch: ColumnBatch, schema: ParquetSchema, rows: Range<Int>, to out: inout String) {
        let keys = schema.columns.map { JSONStringEscaping.quoted($0.name) + ":" }
        for r in rows {
            out += "{"
            for (i, values) in batch.columns.enumerated() {
                if i > 0 { out += "," }
                out += keys[i]
                out += ValueFormatting.json(values, row: r)
            }
            out += "}\n"
        }
    }

    /// The leaf at the chunk's full path: several list columns all have a leaf named "element".
    private static func element(for chunk: ParquetColumnChunkMetadata, in metadata: ParquetFileMetadata) -> ParquetSchemaElement? {
        // Depth-first over the flattened tree, keeping the children left at each open level.
        var path: [String] = []
        var remaining: [Int] = []
        for element in metadata.schema.dropFirst() {
            while let last = remaining.last, last == 0 {
                remaining.removeLast()
                path.removeLast()
            }
            if !remaining.isEmpty { remaining[remaining.count - 1] -= 1 }
            let children = Int(element.numChildren ?? 0)
            if children > 0 {
                path.append(element.name)
                remaining.append(children)
            } else if path + [element.name] == chunk.pathInSchema {
                return element
            }
        }
        return nil
    }

    /// A statistic's PLAIN bytes rendered according to the column's type.
    static func statisticText(_ bytes: [UInt8], _ physical: PhysicalType, _ element: ParquetSchemaElement?) -> String {
        func le(_ count: Int) -> UInt64? {
            guard bytes.count == count else { return nil }
            return bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        }
        switch physical {
        case .boolean:
            return bytes.first.map { $0 != 0 ? "true" : "false" } ?? "?"
        case .int32:
            guard let raw = le(4) else { return "?" }
            let v = Int32(truncatingIfNeeded: raw)
            if element?.logicalType == .date || element?.convertedType == 6 { return ValueFormatting.date(days: Int64(v)) }
            return "\(v)"
        case .int64:
            guard let raw = le(8) else { return "?" }
            let v = Int64(bitPattern: raw)
            if case .timestamp(let unit, _)? = element?.logicalType {
                let micros = unit == .millis ? v &* 1000 : unit == .nanos ? v / 1000 : v
                return ValueFormatting.timestamp(micros: micros)
            }
            if element?.convertedType == 10 { return ValueFormatting.timestamp(micros: v) }
            return "\(v)"
        case .float:
            guard let raw = le(4) else { return "?" }
            return "\(Float(bitPattern: UInt32(truncatingIfNeeded: raw)))"
        case .double:
            guard let raw = le(8) else { return "?" }
            return "\(Double(bitPattern: raw))"
        case .byteArray, .fixedLenByteArray, .int96:
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
