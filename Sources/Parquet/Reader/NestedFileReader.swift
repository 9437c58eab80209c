/// One leaf column of a nested file, as stored: a definition and a repetition level per slot,
/// and the values of the slots where the leaf is present (definition == `maxDefinition`).
public struct NestedLeafColumn: Sendable {
    /// From the top-level field down (`["add", "partitionValues", "key_value", "key"]`).
    public var path: [String]
    public var type: NestedLeafType
    public var maxDefinition: Int
    public var maxRepetition: Int
    public var definition: [UInt32]
    public var repetition: [UInt32]
    public var values: [NestedValue]
}

/// Reads back small nested files of the kind `NestedFileWriter` writes (one or more PLAIN data
/// pages v1 per leaf, uncompressed or ZSTD): every leaf column's levels and values, which the
/// caller reassembles. Dictionary-encoded or otherwise encoded files (other writers'
/// checkpoints) give `ParquetError.unsupported`, so a caller can fall back to another source.
public enum NestedFileReader {
    public static func leaves(of file: [UInt8]) throws -> (rows: Int64, columns: [NestedLeafColumn]) {
        let size = Int64(file.count)
        guard size >= 12, Array(file.prefix(4)) == Array("PAR1".utf8) else { throw ParquetError.badMagic }
        let length = try ParquetFooter.length(trailer: Array(file.suffix(8)), fileSize: size)
        let metadata = try ParquetFileMetadata.decode(Array(file[(file.count - 8 - length)..<(file.count - 8)]))
        var leaves: [NestedLeafColumn] = []
        var index = 1
        guard let root = metadata.schema.first else { throw ParquetError.corrupt("the schema is empty") }
        for _ in 0..<Int(root.numChildren ?? 0) {
            try describe(metadata.schema, &index, path: [], definition: 0, repetition: 0, into: &leaves)
        }
        let decompressor = PageDecompressor()
        for group in metadata.rowGroups {
            guard group.columns.count == leaves.count else {
                throw ParquetError.corrupt("a row group has \(group.columns.count) column chunks for \(leaves.count) leaves")
            }
            for (leafIndex, chunk) in group.columns.enumerated() {
                try read(chunk, file: file, into: &leaves[leafIndex], decompressor: decompressor)
            }
        }
        return (metadata.numRows, leaves)
    }

    private static func describe(_ schema: [ParquetSchemaElement], _ index: inout Int, path: [String], definition: Int,
                                 repetition: Int, into leaves: inout [NestedLeafColumn]) throws {
        guard index < schema.count else { throw ParquetError.corrupt("the schema ends early") }
        let element = schema[index]
        index += 1
        let definition = definition + (element.repetition == .required ? 0 : 1)
        let repetition = repetition + (element.repetition == .repeated ? 1 : 0)
        let children = Int(element.numChildren ?? 0)
        if children > 0 {
            for _ in 0..<children {
                try describe(schema, &index, path: path + [element.name], definition: definition, repetition: repetition, into: &leaves)
            }
            return
        }
        let type: NestedLeafType
        switch element.physicalType {
        case .byteArray?: type = .string
        case .int32?: type = .int32
        case .int64?: type = .int64
        case .boolean?: type = .boolean
        default: throw ParquetError.unsupported("column \(path + [element.name]) of type \(element.physicalType?.name ?? "none")")
        }
        leaves.append(NestedLeafColumn(path: path + [element.name], type: type, maxDefinition: definition,
                                       maxRepetition: repetition, definition: [], repetition: [], values: []))
    }

    private static func read(_ chunk: ParquetColumnChunkMetadata, file: [UInt8], into leaf: inout NestedLeafColumn,
                             decompressor: PageDecompressor) throws {
        var position = Int(chunk.startOffset)
        let end = position + Int(chunk.totalCompressedSize)
        guard position >= 4, end <= file.count else { throw ParquetError.corrupt("column chunk \(leaf.path) lies outside the file") }
        var slots: Int64 = 0
        while slots < chunk.numValues, position < end {
            let (header, bodyStart) = try PageHeader.read(file, start: position)
            let bodyEnd = bodyStart + Int(header.compressedPageSize)
            guard header.compressedPageSize >= 0, bodyEnd <= end else { throw ParquetError.corrupt("page of \(leaf.path) overruns its chunk") }
            position = bodyEnd
            guard header.type == PageType.dataPage.rawValue else {
                throw ParquetError.unsupported("page type \(header.type) in \(leaf.path) (only PLAIN data pages v1)")
            }
            guard header.encoding == Encoding.plain.rawValue else {
                throw ParquetError.unsupported("encoding \(header.encoding) in \(leaf.path) (only PLAIN)")
            }
            let body = try file[bodyStart..<bodyEnd].withUnsafeBytes {
                chunk.codec == 0 ? Array($0) : try decompressor.decompress($0, codec: chunk.codec, uncompressedSize: Int(header.uncompressedPageSize))
            }
            try decodePage(body, count: Int(header.numValues), into: &leaf)
            slots += Int64(header.numValues)
        }
    }

    private static func decodePage(_ body: [UInt8], count: Int, into leaf: inout NestedLeafColumn) throws {
        try body.withUnsafeBytes { raw in
            var position = 0
            func levels(_ maxLevel: Int) throws -> [UInt32] {
                guard maxLevel > 0 else { return [UInt32](repeating: 0, count: count) }
                guard position + 4 <= raw.count else { throw ParquetError.corrupt("levels of \(leaf.path) are truncated") }
                let length = Int(UInt32(raw[position]) | UInt32(raw[position + 1]) << 8 | UInt32(raw[position + 2]) << 16 | UInt32(raw[position + 3]) << 24)
                position += 4
                guard position + length <= raw.count else { throw ParquetError.corrupt("levels of \(leaf.path) are truncated") }
                var out: [UInt32] = []
                try RLEHybridDecoder.decode(raw, start: position, end: position + length,
                                            bitWidth: RLEHybridEncoder.bitWidth(forMaxValue: maxLevel), count: count, into: &out)
                position += length
                return out
            }
            let repetition = try levels(leaf.maxRepetition)
            let definition = try levels(leaf.maxDefinition)
            leaf.repetition += repetition
            leaf.definition += definition
            var bit = 0
            for level in definition where Int(level) == leaf.maxDefinition {
                func take(_ n: Int) throws -> UnsafeRawBufferPointer.SubSequence {
                    guard position + n <= raw.count else { throw ParquetError.corrupt("values of \(leaf.path) are truncated") }
                    defer { position += n }
                    return raw[position..<(position + n)]
                }
                func littleEndian(_ bytes: UnsafeRawBufferPointer.SubSequence) -> UInt64 {
                    bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                }
                switch leaf.type {
                case .string:
                    let length = Int(littleEndian(try take(4)))
                    leaf.values.append(.string(String(decoding: try take(length), as: UTF8.self)))
                case .int32:
                    leaf.values.append(.int32(Int32(truncatingIfNeeded: littleEndian(try take(4)))))
                case .int64:
                    leaf.values.append(.int64(Int64(bitPattern: littleEndian(try take(8)))))
                case .boolean:
                    guard position + bit / 8 < raw.count else { throw ParquetError.corrupt("values of \(leaf.path) are truncated") }
                    leaf.values.append(.boolean(raw[position + bit / 8] >> UInt8(bit % 8) & 1 == 1))
                    bit += 1
                }
            }
            position += (bit + 7) / 8
        }
    }
}
