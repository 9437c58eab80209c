/// The record formats a source can have (DESIGN.md, `source.format`).
public enum SourceFormat: String, Sendable, CaseIterable {
    case csv, tsv, ndjson, json
}

/// How to read a source file into records.
public struct SourceOptions: Sendable {
    public var format: SourceFormat
    /// Field separator for CSV (default `,`; TSV always uses a tab unless overridden).
    public var delimiter: UInt8
    public var quote: UInt8
    /// Whether the first CSV record names the columns (else `column_1`, `column_2`, …).
    public var header: Bool
    /// For `json`: dotted path (optionally starting with `$.`) to the array of records.
    public var recordsPath: String?
    /// For `.zip` sources: glob choosing the member to read.
    public var archiveMember: String?

    public init(format: SourceFormat) {
        self.format = format
        self.delimiter = format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        self.quote = UInt8(ascii: "\"")
        self.header = true
    }
}
