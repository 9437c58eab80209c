/// A source that cannot be read as declared. Every message names the file and, where there is
/// one, the record (1-based, header excluded), the line and the column.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unreadable, unsupportedArchive, memberNotFound, corruptCompression
        case unterminatedQuote, textAfterQuote, raggedRecord, invalidUTF8, invalidJSON, notAnObject
        case recordsPathNotFound, noColumns, tooManyColumns, recordTooLarge
    }

    public let kind: Kind
    public let file: String
    public let record: Int?
    public let line: Int?
    public let column: String?
    public let detail: String

    init(_ kind: Kind, file: String, record: Int? = nil, line: Int? = nil, column: String? = nil, _ detail: String) {
        self.kind = kind
        self.file = file
        self.record = record
        self.line = line
        self.column = column
        self.detail = detail
    }

    /// The same error, placed in `column`.
    func naming(column: String) -> SourceError {
        SourceError(kind, file: file, record: record, line: line, column: column, detail)
    }

    public var description: String {
        var location = file
        if let record { location += ", record \(record)" }
        if let line { location += " (line \(line))" }
        if let column { location += ", column '\(column)'" }
        return "\(location): \(detail)"
    }
}
