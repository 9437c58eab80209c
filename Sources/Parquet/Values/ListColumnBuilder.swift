/// Builds a `ListColumnValues` row by row, straight into the flat element arrays: either a
/// whole row at once (`append(_:)`), or without a temporary array per row (`startRow()`
/// then `appendElement(_:)` for each element).
///
/// Appending elements of another type than `elementType` is a programming error and traps.
public struct ListColumnBuilder: Sendable {
    /// The type of every element (a scalar type).
    public let elementType: ParquetType
    private var offsets: [Int] = [0]
    private var isNull: [Bool] = []
    private var nullCount = 0
    // Only the array matching `elementType` is used; separate arrays keep appends in place.
    private var strings = ByteArrayColumn()
    private var int64s: [Int64?] = []
    private var int32s: [Int32?] = []
    private var doubles: [Double?] = []
    private var booleans: [Bool?] = []

    /// An empty builder for lists of `elementType`, which must be a scalar type.
    public init(elementType: ParquetType, reservingRows rows: Int = 0) {
        precondition(elementType.isScalar, "ListColumnBuilder: lists of lists are not supported")
        self.elementType = elementType
        offsets.reserveCapacity(rows + 1)
        isNull.reserveCapacity(rows)
    }

    /// Rows appended so far.
    public var count: Int { isNull.count }

    /// Appends a null list.
    public mutating func appendNull() {
        offsets.append(offsets[offsets.count - 1])
        isNull.append(true)
        nullCount += 1
    }

    /// Starts a new, empty, non-null list; `appendElement` adds to it.
    public mutating func startRow() {
        offsets.append(offsets[offsets.count - 1])
        isNull.append(false)
    }

    private mutating func elementAppended(_ expected: Bool, _ kind: String) {
        precondition(expected, "ListColumnBuilder: \(kind) element in a \(ParquetType.list(elementType).name) column")
        precondition(!isNull.isEmpty && !isNull[isNull.count - 1], "ListColumnBuilder: appendElement needs startRow() first")
        offsets[offsets.count - 1] += 1
    }

    /// Adds a string element (nil for a null element) to the current row.
    public mutating func appendElement(_ value: String?) {
        elementAppended(elementType == .string, "string")
        if let value { strings.append(value) } else { strings.appendNull() }
    }

    /// Adds an int64 (or timestamp, in microseconds) element to the current row.
    public mutating func appendElement(_ value: Int64?) {
        elementAppended(elementType == .int64 || elementType == .timestampMicros, "int64")
        int64s.append(value)
    }

    /// Adds an int32 (or date, in days since 1970-01-01) element to the current row.
    public mutating func appendElement(_ value: Int32?) {
        elementAppended(elementType == .int32 || elementType == .date, "int32")
        int32s.append(value)
    }

    /// Adds a double element to the current row.
    public mutating func appendElement(_ value: Double?) {
        elementAppended(elementType == .double, "double")
        doubles.append(value)
    }

    /// Adds a boolean element to the current row.
    public mutating func appendElement(_ value: Bool?) {
        elementAppended(elementType == .boolean, "boolean")
        booleans.append(value)
    }

    /// Appends a list of strings, or a null list when `row` is nil.
    public mutating func append(_ row: [String?]?) {
        guard let row else { return appendNull() }
        startRow()
        for value in row { appendElement(value) }
    }

    /// Appends a list of int64s (or timestamps), or a null list when `row` is nil.
    public mutating func append(_ row: [Int64?]?) {
        guard let row else { return appendNull() }
        startRow()
        for value in row { appendElement(value) }
    }

    /// Appends a list of int32s (or dates), or a null list when `row` is nil.
    public mutating func append(_ row: [Int32?]?) {
        guard let row else { return appendNull() }
        startRow()
        for value in row { appendElement(value) }
    }

    /// Appends a list of doubles, or a null list when `row` is nil.
    public mutating func append(_ row: [Double?]?) {
        guard let row else { return appendNull() }
        startRow()
        for value in row { appendElement(value) }
    }

    /// Appends a list of booleans, or a null list when `row` is nil.
    public mutating func append(_ row: [Bool?]?) {
        guard let row else { return appendNull() }
        startRow()
        for value in row { appendElement(value) }
    }

    /// The column built so far.
    public func build() -> ListColumnValues {
        let elements: ColumnValues
        switch elementType {
        case .string: elements = .byteArrays(strings)
        case .int64: elements = .int64s(int64s)
        case .timestampMicros: elements = .timestampsMicros(int64s)
        case .int32: elements = .int32s(int32s)
        case .date: elements = .dates(int32s)
        case .double: elements = .doubles(doubles)
        case .boolean: elements = .booleans(booleans)
        case .list: preconditionFailure("ListColumnBuilder: lists of lists are not supported")
        }
        return ListColumnValues(validOffsets: offsets, isNull: isNull, elements: elements, nullCount: nullCount)
    }
}
