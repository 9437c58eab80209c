/// The record formats a source can have (DESIGN.md, `source.format`).
public enum SourceFormat: String, Sendable, CaseIterable {
    case csv, tsv, ndjson, json
}

/// How to read a source file into records.
public struct SourceOptions: Sendable {
    /// `source.max_columns` when the config does not set it.
    public static let defaultMaxColumns = 32_768
    /// `source.max_record_bytes` when the config does not set it (64 MiB).
    public static let defaultMaxRecordBytes = 64 << 20

    public var format: SourceFormat
    /// Field separator for CSV (default `,`; TSV always uses a tab unless overridden).
    public var delimiter: UInt8
    public var quote: UInt8
    /// Whether the first CSV record names the columns (else `column_1`, `column_2`, …).
    public var header: Bool
    /// CSV: whether text after a closing quote (`"ab"c`) is kept, as Python's csv module keeps
    /// it, instead of being an error (RFC 4180).
    public var lenientQuotes: Bool
    /// For `json`: dotted path (optionally starting with `$.`) to the array of records.
    public var recordsPath: String?
    /// For `.zip` sources: glob choosing the member to read.
    public var archiveMember: String?
    /// More columns than this is an error: every column costs memory in every batch.
    public var maxColumns: Int
    /// A record (CSV record, JSON record or NDJSON line) longer than this many bytes is an error.
    public var maxRecordBytes: Int
    /// Stop after this many records (`run --sample N`).
    public var maxRecords: Int?

    public init(format: SourceFormat) {
        self.format = format
        self.delimiter = format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        self.quote = UInt8(ascii: "\"")
        self.header = true
        self.lenientQuotes = false
        self.maxColumns = Self.defaultMaxColumns
        self.maxRecordBytes = Self.defaultMaxRecordBytes
    }
}
