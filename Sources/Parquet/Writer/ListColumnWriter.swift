/// Writes a LIST column: turns rows into repetition and definition levels and hands them,
/// with the flat elements, to the leaf writer of the element type, which encodes the
/// elements exactly as a flat column's values and starts pages only where a row starts.
final class ListColumnWriter: ColumnChunkWriter {
    private let leaf: any LeafColumnWriter
    private let shape: LevelShape
    /// Levels of the rows being appended, reused across appends.
    private var definition: [UInt32] = []
    private var repetition: [UInt32] = []

    init(shape: LevelShape, leaf: any LeafColumnWriter) {
        self.shape = shape
        self.leaf = leaf
    }

    var estimatedSize: Int { leaf.estimatedSize }

    func use(_ emitter: PageEmitter) { leaf.use(emitter) }

    func append(_ values: ColumnValues, range: Range<Int>) throws {
        guard case .lists(let list) = values else {
            throw ParquetError.invalidBatch("expected list values, got \(values.parquetType.name)")
        }
        guard !range.isEmpty else { return }
        definition.removeAll(keepingCapacity: true)
        repetition.removeAll(keepingCapacity: true)
        switch list.elements {
        case .byteArrays(let column): computeLevels(list, rows: range) { column.isNull(at: $0) }
        case .int64s(let v), .timestampsMicros(let v): computeLevels(list, rows: range) { v[$0] == nil }
        case .int32s(let v), .dates(let v): computeLevels(list, rows: range) { v[$0] == nil }
        case .doubles(let v): computeLevels(list, rows: range) { v[$0] == nil }
        case .booleans(let v): computeLevels(list, rows: range) { v[$0] == nil }
        case .lists: throw ParquetError.invalidBatch("lists of lists are not supported")
        }
        let elementDefinition = UInt32(shape.maxDefinition - 1)
        try definition.withUnsafeBufferPointer { definition in
            try repetition.withUnsafeBufferPointer { repetition in
                let slots = NestedSlots(definition: definition, repetition: repetition,
                                        firstElement: list.offsets[range.lowerBound], elementDefinition: elementDefinition)
                try leaf.append(elements: list.elements, slots: slots)
            }
        }
    }

    /// One slot per element, or one for a null or empty list; the first slot of a row has
    /// repetition level 0, the others 1.
    @inline(__always)
    private func computeLevels(_ list: ListColumnValues, rows: Range<Int>, elementIsNull: (Int) -> Bool) {
        let present = UInt32(shape.maxDefinition)
        let nullElement = present - 1
        let emptyList = present - 2
        for row in rows {
            if list.isNull(at: row) {
                definition.append(0)
                repetition.append(0)
                continue
            }
            let elements = list.elementRange(at: row)
            if elements.isEmpty {
                definition.append(emptyList)
                repetition.append(0)
                continue
            }
            for index in elements {
                definition.append(elementIsNull(index) ? nullElement : present)
                repetition.append(index == elements.lowerBound ? 0 : 1)
            }
        }
    }

    func finish() throws -> EncodedColumnChunk { try leaf.finish() }
}
