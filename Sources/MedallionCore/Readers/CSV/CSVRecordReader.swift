/// RFC 4180 CSV/TSV, streamed in 1 MiB chunks: quoted fields with doubled quotes and embedded
/// delimiters and newlines, CRLF or LF, a UTF-8 BOM, blank lines skipped. Unquoted empty →
/// null, quoted empty → "". Text after a closing quote is kept, as Python's csv module does.
/// A record whose field count differs from the header's, an unterminated quote, or invalid
/// UTF-8 is an error naming the record, line and column.
final class CSVRecordReader: RecordReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let stream: any ByteStream
    private let displayName: String
    private let delimiter: UInt8
    private let quote: UInt8
    private let buffer: UnsafeMutableRawBufferPointer
    private var position = 0
    private var available = 0
    private var ended = false
    private var skipLineFeed = false

    private var field: [UInt8] = []
    private var fieldQuoted = false
    private var fields: [String?] = []
    private var line = 1
    private var recordLine = 1
    private var firstRecord: [String?]?

    private(set) var columnNames: [String] = []
    private(set) var recordNumber = 0

    init(stream: any ByteStream, displayName: String, options: SourceOptions) throws {
        self.stream = stream
        self.displayName = displayName
        self.delimiter = options.delimiter
        self.quote = options.quote
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        field.reserveCapacity(256)
        try refill()
        if available >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        guard try readRecord() else {
            throw SourceError(.noColumns, file: displayName, "the source is empty: no header and no records")
        }
        if options.header {
            columnNames = ColumnNames.uniqued(fields)
        } else {
            columnNames = (1...fields.count).map { "column_\($0)" }
            firstRecord = fields
        }
    }

    deinit { buffer.deallocate() }

    func nextRecord(_ body: ([String?]) throws -> Void) throws -> Bool {
        if let first = firstRecord {
            firstRecord = nil
            recordNumber += 1
            try body(first)
            return true
        }
        guard try readRecord() else { return false }
        recordNumber += 1
        guard fields.count == columnNames.count else {
            throw SourceError(.raggedRecord, file: displayName, record: recordNumber, line: recordLine,
                              "expected \(columnNames.count) fields (as in the header), found \(fields.count)")
        }
        try body(fields)
        return true
    }

    private func refill() throws {
        position = 0
        available = try stream.read(into: buffer)
        if available == 0 { ended = true }
    }

    private func endField() throws {
        if !fieldQuoted && field.isEmpty {
            fields.append(nil)
        } else if let text = String(validating: field, as: UTF8.self) {
            fields.append(text)
        } else {
            let index = fields.count
            throw SourceError(.invalidUTF8, file: displayName, record: recordNumber + 1, line: recordLine,
                              column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                              "invalid UTF-8 (convert the source to UTF-8)")
        }
        field.removeAll(keepingCapacity: true)
        fieldQuoted = false
    }

    /// Reads the next non-blank record into `fields`; false at the end of input.
    private func readRecord() throws -> Bool {
        fields.removeAll(keepingCapacity: true)
        field.removeAll(keepingCapacity: true)
        fieldQuoted = false
        var state = State.fieldStart
        recordLine = line
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter, quote = self.quote

        while true {
            if position >= available {
                if ended { break }
                try refill()
                if ended { break }
            }
            var byte = buffer[position]
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == lf { continue }
            }
            switch state {
            case .fieldStart, .unquoted, .quoteInQuoted:
                if state == .fieldStart && byte == quote && !fieldQuoted {
                    fieldQuoted = true
                    state = .quoted
                    continue
                }
                if state == .quoteInQuoted && byte == quote {
                    field.append(quote)
                    state = .quoted
                    continue
                }
                if byte == delimiter {
                    try endField()
                    state = .fieldStart
                    continue
                }
                if byte == lf || byte == cr {
                    if byte == cr { skipLineFeed = true }
                    line += 1
                    if state == .fieldStart && fields.isEmpty && !fieldQuoted {
                        recordLine = line  // a blank line: not a record
                        continue
                    }
                    try endField()
                    return true
                }
                // Ordinary bytes: take the whole run up to the next special byte at once.
                state = .unquoted
                var end = position
                while end < available {
                    byte = buffer[end]
                    if byte == delimiter || byte == lf || byte == cr { break }
                    end += 1
                }
                field.append(buffer[position - 1])
                if end > position {
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<end]))
                }
                position = end
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                    continue
                }
                if byte == lf { line += 1 }
                var end = position
                while end < available {
                    byte = buffer[end]
                    if byte == quote { break }
                    if byte == lf { line += 1 }
                    end += 1
                }
                field.append(buffer[position - 1])
                if end > position {
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[position..<end]))
                }
                position = end
            }
        }
        // End of input.
        if state == .quoted {
            let index = fields.count
            throw SourceError(.unterminatedQuote, file: displayName, record: recordNumber + 1, line: recordLine,
                              column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                              "unterminated quoted field: the file ends inside quotes")
        }
        if state == .fieldStart && fields.isEmpty && !fieldQuoted { return false }
        try endField()
        return true
    }
}
