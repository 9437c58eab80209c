/// One column of a row group as `ParquetFileReader.readRowGroupCoded` returns it: still
/// dictionary-coded when every data page of its chunk was, else the decoded values.
public enum DecodedColumn: Sendable {
    case values(ColumnValues)
    case dictionaryCoded(DictionaryCodedColumn)

    /// Rows.
    public var count: Int {
        switch self {
        case .values(let values): return values.count
        case .dictionaryCoded(let coded): return coded.count
        }
    }

    public var parquetType: ParquetType {
        switch self {
        case .values(let values): return values.parquetType
        case .dictionaryCoded(let coded): return coded.dictionary.parquetType
        }
    }
}
