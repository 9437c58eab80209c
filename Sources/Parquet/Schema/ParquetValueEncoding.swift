/// How a column's non-null values are encoded in its data pages.
public enum ParquetValueEncoding: Sendable, Equatable {
    /// Dictionary-encoded while the dictionary pays off, PLAIN after (or when dictionaries are
    /// disabled). Suits every column type.
    case automatic
    /// DELTA_BINARY_PACKED: differences between consecutive values, bit-packed in blocks of
    /// 128. For integer columns whose neighbours are close (row numbers, sorted keys,
    /// timestamps of a log): a counter then takes a few bits per value instead of 8 bytes.
    /// Only for int32, int64, date and timestampMicros columns.
    case deltaBinaryPacked
}

extension ParquetColumn {
    /// Why the writer cannot use `encoding` for this column, or nil when it can.
    var encodingProblem: String? {
        switch (encoding, type) {
        case (.automatic, _), (.deltaBinaryPacked, .int32), (.deltaBinaryPacked, .int64),
             (.deltaBinaryPacked, .date), (.deltaBinaryPacked, .timestampMicros):
            return nil
        case (.deltaBinaryPacked, _):
            return "column '\(name)' is \(type.name): DELTA_BINARY_PACKED is only for int32, int64, date and timestamp columns; use .automatic"
        }
    }
}
