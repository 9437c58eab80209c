/// RFC 4180 CSV/TSV, streamed in 1 MiB chunks: quoted fields with doubled quotes and embedded
/// delimiters and newlines, CRLF or LF, a UTF-8 BOM, blank lines skipped. Unquoted empty →
/// null, quoted empty → "". Text after a closing quote is kept, as Python's csv module does.
/// A record whose field count differs from the header's, an unterminated quote, or invalid
/// UTF-8 is an error naming the record, line and column.
final class CSVRecordReader: RecordReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, fieldEnd }

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

    /// Text of a field's bytes: ASCII takes the fast path; anything else must be valid UTF-8.
    @inline(__always)
    private func text(_ bytes: UnsafeRawBufferPointer, fieldIndex: Int) throws -> String {
        var ascii = true
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { ascii = false; break }
            i += 8
        }
        if ascii {
            while i < n {
                if bytes[i] & 0x80 != 0 { ascii = false; break }
                i += 1
            }
        }
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        throw SourceError(.invalidUTF8, file: displayName, record: recordNumber + 1, line: recordLine,
                          column: fieldIndex < columnNames.count ? columnNames[fieldIndex] : "#\(fieldIndex + 1)",
                          "invalid UTF-8 (convert the source to UTF-8)")
    }

    /// Reads the next non-blank record into `fields`; false at the end of input.
    /// Hot state lives in locals (no per-byte property access); a field that lies wholly in
    /// the buffer becomes a String straight from it, without a copy into `scratch`.
    private func readRecord() throws -> Bool {
        guard let base = UnsafeRawPointer(buffer.baseAddress) else { return false }
        var out = fields
        fields = []
        out.removeAll(keepingCapacity: true)
        var scratch = field
        field = []
        scratch.removeAll(keepingCapacity: true)
        defer {
            fields = out
            field = scratch
        }
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

        func finishField() throws {
            if !quoted && scratch.isEmpty {
                out.append(nil)
            } else {
                let value = try scratch.withUnsafeBytes { try text($0, fieldIndex: out.count) }
                out.append(value)
            }
            scratch.removeAll(keepingCapacity: true)
            quoted = false
        }

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
                    scratch.append(quote)
                    state = .quoted
                    continue
                }
                if byte == delimiter {
                    try finishField()
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
                    try finishField()
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
                if state == .fieldStart && end < avail {
                    // The whole field is in the buffer: no copy.
                    out.append(try text(UnsafeRawBufferPointer(start: base + start, count: end - start), fieldIndex: out.count))
                    pos = end
                    state = .fieldEnd
                    continue
                }
                scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
                pos = end
                state = .unquoted
            case .fieldEnd:
                // Only a delimiter or a newline can follow a field taken straight from the buffer.
                if byte == delimiter {
                    state = .fieldStart
                    continue
                }
                if byte == cr { skipLineFeed = true }
                line += 1
                return true
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
                scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
                pos = end
            }
        }
        // End of input.
        switch state {
        case .quoted:
            let index = out.count
            throw SourceError(.unterminatedQuote, file: displayName, record: recordNumber + 1, line: recordLine,
                              column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                              "unterminated quoted field: the file ends inside quotes")
        case .fieldEnd:
            return true
        case .fieldStart where out.isEmpty && !quoted:
            return false
        default:
            try finishField()
            return true
        }
    }
}
