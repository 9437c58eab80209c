/// Writes a small file of nested rows (`NestedNode` schema, `NestedValue` rows) in one row
/// group: each leaf's definition and repetition levels come from Dremel shredding, and every
/// leaf is one uncompressed PLAIN data page (v1). Meant for metadata files of a few thousand
/// rows, such as Delta Lake checkpoints; data files go through `ParquetWriter`.
public enum NestedFileWriter {
    /// The bytes of the file holding `rows` under a root of `fields`; throws
    /// `ParquetError.invalidSchema` when a row does not match the schema.
    public static func encode(fields: [NestedNode], rows: [NestedValue], createdBy: String) throws -> [UInt8] {
        var leaves: [Leaf] = []
        var schema = [ParquetSchemaElement(name: "root", numChildren: Int32(fields.count))]
        for field in fields { describe(field, path: [], definition: 0, repetition: 0, into: &leaves, schema: &schema) }
        var shredder = Shredder(leaves: leaves)
        for row in rows {
            guard case .group(let values) = row, values.count == fields.count else {
                throw ParquetError.invalidSchema("a row must be a group of \(fields.count) values")
            }
            var leafIndex = 0
            for (field, value) in zip(fields, values) {
                try shredder.shred(field, value, definition: 0, repetition: 0, depth: 0, leafIndex: &leafIndex)
            }
        }
        var file = Array("PAR1".utf8)
        var chunks: [ParquetColumnChunkMetadata] = []
        for (index, leaf) in leaves.enumerated() {
            let column = shredder.columns[index]
            var body: [UInt8] = []
            if leaf.maxRepetition > 0 { appendLevels(column.repetition, maxLevel: leaf.maxRepetition, to: &body) }
            if leaf.maxDefinition > 0 { appendLevels(column.definition, maxLevel: leaf.maxDefinition, to: &body) }
            body += column.values
            let header = PageHeader(type: PageType.dataPage.rawValue, uncompressedPageSize: Int32(body.count),
                                    compressedPageSize: Int32(body.count), numValues: Int32(column.definition.count))
            var w = ThriftCompactWriter()
            header.write(to: &w)
            let offset = Int64(file.count)
            file += w.bytes
            file += body
            let size = Int64(w.bytes.count + body.count)
            chunks.append(ParquetColumnChunkMetadata(
                filePath: nil, fileOffset: offset, physicalType: leaf.physical,
                encodings: [Encoding.plain.rawValue, Encoding.rle.rawValue], pathInSchema: leaf.path, codec: 0,
                numValues: Int64(column.definition.count), totalUncompressedSize: size, totalCompressedSize: size,
                dataPageOffset: offset, dictionaryPageOffset: nil, statistics: nil))
        }
        let total = chunks.reduce(Int64(0)) { $0 + $1.totalCompressedSize }
        let metadata = ParquetFileMetadata(
            version: 1, schema: schema, numRows: Int64(rows.count),
            rowGroups: [ParquetRowGroupMetadata(columns: chunks, totalByteSize: total, numRows: Int64(rows.count),
                                                fileOffset: 4, totalCompressedSize: total, ordinal: 0)],
            keyValueMetadata: [], createdBy: createdBy, typeDefinedColumnOrders: 0)
        let footer = metadata.encoded()
        file += footer
        let length = UInt32(footer.count)
        file += [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)]
        file += Array("PAR1".utf8)
        return file
    }

    /// A leaf column: its path and the levels at which it is present.
    struct Leaf {
        var path: [String]
        var type: NestedLeafType
        var maxDefinition: Int
        var maxRepetition: Int

        var physical: PhysicalType {
            switch type {
            case .string: return .byteArray
            case .int32: return .int32
            case .int64: return .int64
            case .boolean: return .boolean
            }
        }
    }

    private static func describe(_ node: NestedNode, path: [String], definition: Int, repetition: Int,
                                 into leaves: inout [Leaf], schema: inout [ParquetSchemaElement]) {
        let definition = definition + (node.repetition == .required ? 0 : 1)
        let repetition = repetition + (node.repetition == .repeated ? 1 : 0)
        switch node {
        case .leaf(let name, let type, let rep):
            var element = ParquetSchemaElement(name: name, repetition: rep)
            switch type {
            case .string:
                element.physicalType = .byteArray
                element.convertedType = 0
                element.logicalType = .string
            case .int32: element.physicalType = .int32
            case .int64: element.physicalType = .int64
            case .boolean: element.physicalType = .boolean
            }
            schema.append(element)
            leaves.append(Leaf(path: path + [name], type: type, maxDefinition: definition, maxRepetition: repetition))
        case .group(let name, let rep, let annotation, let children):
            var element = ParquetSchemaElement(name: name, repetition: rep, numChildren: Int32(children.count))
            switch annotation {
            case .map?:
                element.convertedType = 1
                element.logicalType = .other(2)
            case .list?:
                element.convertedType = 3
                element.logicalType = .list
            case nil:
                break
            }
            schema.append(element)
            for child in children {
                describe(child, path: path + [name], definition: definition, repetition: repetition, into: &leaves, schema: &schema)
            }
        }
    }

    /// Level and value streams per leaf, filled row by row.
    struct Shredder {
        struct Column {
            var definition: [UInt32] = []
            var repetition: [UInt32] = []
            var values: [UInt8] = []
            var booleanBits = 0
        }

        let leaves: [Leaf]
        var columns: [Column]

        init(leaves: [Leaf]) {
            self.leaves = leaves
            columns = Array(repeating: Column(), count: leaves.count)
        }

        /// Number of leaves under a node.
        static func leafCount(_ node: NestedNode) -> Int {
            switch node {
            case .leaf: return 1
            case .group(_, _, _, let children): return children.reduce(0) { $0 + leafCount($1) }
            }
        }

        /// Records `value` of `node`; `definition` and `repetition` are the levels reached above
        /// it, `depth` the number of repeated ancestors.
        mutating func shred(_ node: NestedNode, _ value: NestedValue, definition: Int, repetition: Int, depth: Int,
                            leafIndex: inout Int) throws {
            switch node.repetition {
            case .repeated:
                guard case .repeated(let items) = value else {
                    if case .null = value { return absent(node, definition: definition, repetition: repetition, leafIndex: &leafIndex) }
                    throw ParquetError.invalidSchema("'\(node.name)' is repeated: its value must be a list")
                }
                if items.isEmpty { return absent(node, definition: definition, repetition: repetition, leafIndex: &leafIndex) }
                let start = leafIndex
                for (index, item) in items.enumerated() {
                    leafIndex = start
                    try present(node, item, definition: definition + 1, repetition: index == 0 ? repetition : depth + 1,
                                depth: depth + 1, leafIndex: &leafIndex)
                }
            case .optional:
                if case .null = value { return absent(node, definition: definition, repetition: repetition, leafIndex: &leafIndex) }
                try present(node, value, definition: definition + 1, repetition: repetition, depth: depth, leafIndex: &leafIndex)
            case .required:
                if case .null = value { throw ParquetError.invalidSchema("'\(node.name)' is required but null") }
                try present(node, value, definition: definition, repetition: repetition, depth: depth, leafIndex: &leafIndex)
            }
        }

        private mutating func present(_ node: NestedNode, _ value: NestedValue, definition: Int, repetition: Int, depth: Int,
                                      leafIndex: inout Int) throws {
            switch node {
            case .leaf(let name, let type, _):
                var column = columns[leafIndex]
                column.definition.append(UInt32(definition))
                column.repetition.append(UInt32(repetition))
                switch (type, value) {
                case (.string, .string(let text)):
                    let bytes = Array(text.utf8)
                    let count = UInt32(bytes.count)
                    column.values += [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)]
                    column.values += bytes
                case (.int32, .int32(let number)):
                    withUnsafeBytes(of: number.littleEndian) { column.values += $0 }
                case (.int64, .int64(let number)):
                    withUnsafeBytes(of: number.littleEndian) { column.values += $0 }
                case (.boolean, .boolean(let flag)):
                    // PLAIN booleans are bit-packed, least significant bit first.
                    if column.booleanBits % 8 == 0 { column.values.append(0) }
                    if flag { column.values[column.values.count - 1] |= UInt8(1) << UInt8(column.booleanBits % 8) }
                    column.booleanBits += 1
                default:
                    throw ParquetError.invalidSchema("'\(name)' holds \(type) values, not \(value)")
                }
                columns[leafIndex] = column
                leafIndex += 1
            case .group(let name, _, _, let children):
                guard case .group(let values) = value, values.count == children.count else {
                    throw ParquetError.invalidSchema("'\(name)' is a group of \(children.count) fields")
                }
                for (child, childValue) in zip(children, values) {
                    try shred(child, childValue, definition: definition, repetition: repetition, depth: depth, leafIndex: &leafIndex)
                }
            }
        }

        /// The node is null or empty here: every leaf under it records the levels reached.
        private mutating func absent(_ node: NestedNode, definition: Int, repetition: Int, leafIndex: inout Int) {
            for _ in 0..<Self.leafCount(node) {
                columns[leafIndex].definition.append(UInt32(definition))
                columns[leafIndex].repetition.append(UInt32(repetition))
                leafIndex += 1
            }
        }
    }

    /// A v1 page's levels: 4-byte little-endian length, then the RLE / bit-packing hybrid.
    private static func appendLevels(_ levels: [UInt32], maxLevel: Int, to out: inout [UInt8]) {
        var encoded: [UInt8] = []
        levels.withUnsafeBufferPointer {
            RLEHybridEncoder.encode($0, bitWidth: RLEHybridEncoder.bitWidth(forMaxValue: maxLevel), into: &encoded)
        }
        let count = UInt32(encoded.count)
        out += [UInt8(count & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 24)]
        out += encoded
    }
}
