import Parquet

extension DictionaryCodedColumn {
    /// The column's values, row by row (-1 codes as nulls).
    var materialized: ColumnValues { dictionary.gathered(codes) }

    /// Rows `rows` of the column, still coded (only the codes are gathered).
    func gathered(_ rows: [Int32]) -> DictionaryCodedColumn {
        let gatheredCodes = codes.withUnsafeBufferPointer { codes in
            [Int32](unsafeUninitializedCapacity: rows.count) { out, initialized in
                for position in rows.indices { out[position] = codes[Int(rows[position])] }
                initialized = rows.count
            }
        }
        return DictionaryCodedColumn(dictionary: dictionary, codes: gatheredCodes)
    }
}

extension DecodedColumn {
    /// The column as values, whichever way it was read.
    var materialized: ColumnValues {
        switch self {
        case .values(let values): return values
        case .dictionaryCoded(let coded): return coded.materialized
        }
    }

    /// Rows `rows` (no -1 positions), keeping dictionary-coded columns coded.
    func gathered(_ rows: [Int32]) -> DecodedColumn {
        switch self {
        case .values(let values): return .values(values.gathered(rows))
        case .dictionaryCoded(let coded): return .dictionaryCoded(coded.gathered(rows))
        }
    }
}
