/// RFC 4180 CSV/TSV, streamed in 1 MiB chunks: quoted fields with doubled quotes and embedded
/// delimiters and newlines, CRLF, LF or CR line ends, a UTF-8 BOM, blank lines skipped.
/// Unquoted empty → null, quoted empty → "". Text after a closing quote is kept, as Python's
/// csv module does. A record whose field count differs from the header's, an unterminated
/// quote, or invalid UTF-8 is an error naming the record, line and column.
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
    private var record = RecordBuilder()
    private var line = 1
    private var recordLine = 1
    private var firstRecordPending = false

    private(set) var columnNames: [String] = []
    private(set) var recordNumber = 0

    init(stream: any ByteStream, displayName: String, options: SourceOptions) throws {
        self.stream = stream
        self.displayName = displayName
        self.delimiter = options.delimiter
        self.quote = options.quote
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        try refill()
        if available >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        guard try readRecord() else {
            throw SourceError(.noColumns, file: displayName, "the source is empty: no header and no records")
        }
        try validateText(header: options.header)
        if options.header {
            columnNames = ColumnNames.uniqued(record.withFields { $0.strings })
        } else {
            columnNames = (1...record.fieldCount).map { "column_\($0)" }
            firstRecordPending = true
        }
    }

    deinit { buffer.deallocate() }

    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool {
        if firstRecordPending {
            firstRecordPending = false
        } else {
            guard try readRecord() else { return false }
            try validateText(header: false)
        }
        recordNumber += 1
        guard record.fieldCount == columnNames.count else {
            throw SourceError(.raggedRecord, file: displayName, record: recordNumber, line: recordLine,
                              "expected \(columnNames.count) fields (as in the header), found \(record.fieldCount)")
        }
        try record.withFields(body)
        return true
    }

    private func validateText(header: Bool) throws {
        guard let index = record.firstInvalidUTF8Field() else { return }
        throw SourceError(.invalidUTF8, file: displayName, record: header ? nil : recordNumber + 1, line: recordLine,
                          column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                          "invalid UTF-8 (convert the source to UTF-8)")
    }

    private func refill() throws {
        position = 0
        available = try stream.read(into: buffer)
        if available == 0 { ended = true }
    }

    /// Reads the next non-blank record into `record`; false at the end of input. Hot state
    /// lives in locals so the per-byte loop touches no class properties.
    private func readRecord() throws -> Bool {
        guard let base = UnsafeRawPointer(buffer.baseAddress) else { return false }
        var out = record
        record = RecordBuilder()
        out.reset()
        defer { record = out }
        var quoted = false
        var state = State.fieldStart
        var pos = position
        var avail = available
        var line = self.line
        defer {
            position = pos
            self.line = line
        }
        recordLine = line
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter, quote = self.quote

        while true {
            if pos >= avail {
                if ended { break }
                position = pos
                try refill()
                pos = position
                avail = available
                if ended { break }
            }
            var byte = base.load(fromByteOffset: pos, as: UInt8.self)
            pos += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == lf { continue }
            }
            switch state {
            case .fieldStart, .unquoted, .quoteInQuoted:
                if state == .fieldStart && byte == quote {
                    quoted = true
                    state = .quoted
                    continue
                }
                if state == .quoteInQuoted && byte == quote {
                    out.append(byte: quote)
                    state = .quoted
                    continue
                }
                if byte == delimiter {
                    out.finishField(null: !quoted && out.pendingBytes == 0)
                    quoted = false
                    state = .fieldStart
                    continue
                }
                if byte == lf || byte == cr {
                    if byte == cr { skipLineFeed = true }
                    line += 1
                    if state == .fieldStart && out.isEmpty && !quoted {
                        recordLine = line  // a blank line: not a record
                        continue
                    }
                    out.finishField(null: !quoted && out.pendingBytes == 0)
                    return true
                }
                // Ordinary bytes: take the whole run up to the next delimiter or newline at once.
                let start = pos - 1
                var end = pos
                while end < avail {
                    byte = base.load(fromByteOffset: end, as: UInt8.self)
                    if byte == delimiter || byte == lf || byte == cr { break }
                    end += 1
                }
                out.append(UnsafeRawBufferPointer(start: base + start, count: end - start))
                pos = end
                state = .unquoted
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                    continue
                }
                if byte == lf { line += 1 }
                let start = pos - 1
                var end = pos
                while end < avail {
                    byte = base.load(fromByteOffset: end, as: UInt8.self)
                    if byte == quote { break }
                    if byte == lf { line += 1 }
                    end += 1
                }
                out.append(UnsafeRawBufferPointer(start: base + start, count: end - start))
                pos = end
            }
        }
        // End of input.
        if state == .quoted {
            let index = out.fieldCount
            throw SourceError(.unterminatedQuote, file: displayName, record: recordNumber + 1, line: recordLine,
                              column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                              "unterminated quoted field: the file ends inside quotes")
        }
        if state == .fieldStart && out.isEmpty && !quoted { return false }
        out.finishField(null: !quoted && out.pendingBytes == 0)
        return true
    }
}
