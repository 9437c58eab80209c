/// A flat column chunk kept as its dictionary page and one code per row, as the file stores
/// it: consumers that group, count or filter can work once per distinct value instead of once
/// per row, and never materialise the repeated values.
public struct DictionaryCodedColumn: Sendable {
    /// The dictionary page's entries in the column's type: no nulls; a writer may repeat an
    /// entry or leave one unused.
    public let dictionary: ColumnValues
    /// Per row: an index into `dictionary`, or -1 for null.
    public let codes: [Int32]

    /// `codes` must index `dictionary` (or be -1); the reader checks every code it decodes.
    public init(dictionary: ColumnValues, codes: [Int32]) {
        self.dictionary = dictionary
        self.codes = codes
    }

    public var count: Int { codes.count }
}
