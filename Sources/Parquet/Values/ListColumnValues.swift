/// The values of a LIST column within a batch: every row's elements laid end to end in one
/// flat `ColumnValues` (elements may be null), plus row offsets into it and a null flag per
/// row, so a batch costs a handful of arrays however many rows it holds.
///
/// A null row and an empty row both have no elements; `isNull(at:)` tells them apart.
public struct ListColumnValues: Sendable {
    /// `offsets[i]..<offsets[i + 1]` are row i's elements in `elements`; one entry more than rows.
    public let offsets: [Int]
    /// `isNull[i]` tells whether row i is a null list.
    let isNull: [Bool]
    /// All rows' elements, in row order.
    public let elements: ColumnValues
    /// Number of null rows (not null elements).
    public let nullCount: Int

    /// A column from rows already laid out as offsets into `elements`. Throws
    /// `ParquetError.invalidBatch` unless `offsets` has one entry more than `isNull`, starts
    /// at 0, never decreases, ends at `elements.count`, null rows are empty, and `elements`
    /// holds scalars.
    public init(offsets: [Int], isNull: [Bool], elements: ColumnValues) throws {
        guard offsets.count == isNull.count + 1, offsets.first == 0, offsets.last == elements.count else {
            throw ParquetError.invalidBatch("list offsets must start at 0, end at the element count and have one entry more than rows")
        }
        guard elements.parquetType.isScalar else {
            throw ParquetError.invalidBatch("list elements must be scalars; lists of lists are not supported")
        }
        var nulls = 0
        for row in 0..<isNull.count {
            guard offsets[row] <= offsets[row + 1] else {
                throw ParquetError.invalidBatch("list offsets decrease at row \(row)")
            }
            if isNull[row] {
                guard offsets[row] == offsets[row + 1] else {
                    throw ParquetError.invalidBatch("null list at row \(row) has elements")
                }
                nulls += 1
            }
        }
        self.init(validOffsets: offsets, isNull: isNull, elements: elements, nullCount: nulls)
    }

    /// For callers that built a consistent layout themselves (builder, reader).
    init(validOffsets: [Int], isNull: [Bool], elements: ColumnValues, nullCount: Int) {
        offsets = validOffsets
        self.isNull = isNull
        self.elements = elements
        self.nullCount = nullCount
    }

    /// Number of rows, null lists included.
    public var count: Int { isNull.count }

    /// The type of the elements.
    public var elementType: ParquetType { elements.parquetType }

    /// Whether row `row` is a null list.
    public func isNull(at row: Int) -> Bool { isNull[row] }

    /// Where row `row`'s elements lie in `elements` (empty for null and empty lists).
    public func elementRange(at row: Int) -> Range<Int> { offsets[row]..<offsets[row + 1] }

    /// Row `row` of a list<string> column, or nil for a null list.
    public func strings(at row: Int) -> [String?]? {
        guard !isNull[row] else { return nil }
        guard case .byteArrays(let column) = elements else { preconditionFailure("strings(at:) on a \(ParquetType.list(elementType).name) column") }
        return elementRange(at: row).map { column[$0] }
    }

    /// Row `row` of a list<int64> or list<timestamp> column, or nil for a null list.
    public func int64s(at row: Int) -> [Int64?]? {
        guard !isNull[row] else { return nil }
        switch elements {
        case .int64s(let values), .timestampsMicros(let values): return Array(values[elementRange(at: row)])
        default: preconditionFailure("int64s(at:) on a \(ParquetType.list(elementType).name) column")
        }
    }

    /// Row `row` of a list<int32> or list<date> column, or nil for a null list.
    public func int32s(at row: Int) -> [Int32?]? {
        guard !isNull[row] else { return nil }
        switch elements {
        case .int32s(let values), .dates(let values): return Array(values[elementRange(at: row)])
        default: preconditionFailure("int32s(at:) on a \(ParquetType.list(elementType).name) column")
        }
    }

    /// Row `row` of a list<double> column, or nil for a null list.
    public func doubles(at row: Int) -> [Double?]? {
        guard !isNull[row] else { return nil }
        guard case .doubles(let values) = elements else { preconditionFailure("doubles(at:) on a \(ParquetType.list(elementType).name) column") }
        return Array(values[elementRange(at: row)])
    }

    /// Row `row` of a list<boolean> column, or nil for a null list.
    public func booleans(at row: Int) -> [Bool?]? {
        guard !isNull[row] else { return nil }
        guard case .booleans(let values) = elements else { preconditionFailure("booleans(at:) on a \(ParquetType.list(elementType).name) column") }
        return Array(values[elementRange(at: row)])
    }
}
