/// Rebuilds list rows from a LIST column's repetition and definition levels, page after
/// page (a row may continue on the next page when another writer split it there).
struct ListAssembler {
    /// Definition level from which a row's list is not null.
    let listDefinition: UInt32
    /// Definition level from which a slot holds an element.
    let elementDefinition: UInt32
    let columnName: String
    private(set) var offsets: [Int] = [0]
    private(set) var isNull: [Bool] = []
    private(set) var nullCount = 0

    init(listDefinition: Int, elementDefinition: Int, columnName: String) {
        self.listDefinition = UInt32(listDefinition)
        self.elementDefinition = UInt32(elementDefinition)
        self.columnName = columnName
    }

    var rowCount: Int { isNull.count }

    /// Consumes one page's levels (equally many of each).
    mutating func consume(definition: [UInt32], repetition: [UInt32]) throws {
        for slot in 0..<definition.count {
            let level = definition[slot]
            if repetition[slot] == 0 {
                offsets.append(offsets[offsets.count - 1])
                let null = level < listDefinition
                isNull.append(null)
                if null { nullCount += 1 }
            } else if isNull.isEmpty || isNull[isNull.count - 1] || level < elementDefinition {
                throw ParquetError.corrupt("column '\(columnName)' continues a list that is null, empty or not started")
            }
            if level >= elementDefinition { offsets[offsets.count - 1] += 1 }
        }
    }

    func finish(elements: ColumnValues) throws -> ListColumnValues {
        guard offsets[offsets.count - 1] == elements.count else {
            throw ParquetError.corrupt("column '\(columnName)' levels describe \(offsets[offsets.count - 1]) elements, the pages hold \(elements.count)")
        }
        return ListColumnValues(validOffsets: offsets, isNull: isNull, elements: elements, nullCount: nullCount)
    }
}
