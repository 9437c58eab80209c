import Foundation

/// RFC 4180 CSV/TSV, streamed through one buffer: quoted fields with doubled quotes and
/// embedded delimiters and newlines, CRLF, LF or CR line ends, a UTF-8 BOM, blank lines
/// skipped. Unquoted empty → null, quoted empty → "". Text after a closing quote is kept, as
/// Python's csv module does. A record whose field count differs from the header's, an
/// unterminated quote, or invalid UTF-8 is an error naming the record, line and column.
///
/// Fields are never copied: they are delivered as slices of the read buffer. Doubled quotes
/// are undone in place (the text only shrinks), and when a record runs past the end of the
/// buffer its start is moved to the front (or the buffer doubles) before reading on.
final class CSVRecordReader: RecordReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let stream: any ByteStream
    private let displayName: String
    private let delimiter: UInt8
    private let quote: UInt8
    private var buffer: UnsafeMutableRawBufferPointer
    private var position = 0
    private var available = 0
    private var ended = false
    private var skipLineFeed = false
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var nulls: [Bool] = []
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
        available = try stream.read(into: buffer)
        if available == 0 { ended = true }
        if available >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        guard try readRecord() else {
            throw SourceError(.noColumns, file: displayName, "the source is empty: no header and no records")
        }
        try withFields { fields in
            try validateText(fields, header: options.header)
            if options.header {
                columnNames = ColumnNames.uniqued(fields.strings)
            } else {
                columnNames = (1...fields.count).map { "column_\($0)" }
            }
        }
        firstRecordPending = !options.header
    }

    deinit { buffer.deallocate() }

    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool {
        if firstRecordPending {
            firstRecordPending = false
        } else {
            guard try readRecord() else { return false }
        }
        recordNumber += 1
        guard ends.count == columnNames.count else {
            throw SourceError(.raggedRecord, file: displayName, record: recordNumber, line: recordLine,
                              "expected \(columnNames.count) fields (as in the header), found \(ends.count)")
        }
        try withFields { fields in
            try validateText(fields, header: false)
            try body(fields)
        }
        return true
    }

    private func withFields<T>(_ body: (RecordFields) throws -> T) rethrows -> T {
        try starts.withUnsafeBufferPointer { starts in
            try ends.withUnsafeBufferPointer { ends in
                try nulls.withUnsafeBufferPointer { nulls in
                    try body(RecordFields(base: UnsafeRawPointer(buffer.baseAddress), starts: starts, ends: ends, nulls: nulls))
                }
            }
        }
    }

    private func validateText(_ fields: RecordFields, header: Bool) throws {
        // The record's span holds only fields plus ASCII punctuation: one pass settles the common case.
        if let first = starts.first, let last = ends.last, let base = buffer.baseAddress,
           UTF8Check.isASCII(UnsafeRawBufferPointer(start: base + first, count: last - first)) {
            return
        }
        guard let index = fields.firstInvalidUTF8Field() else { return }
        throw SourceError(.invalidUTF8, file: displayName, record: header ? nil : recordNumber, line: recordLine,
                          column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                          "invalid UTF-8 (convert the source to UTF-8)")
    }

    /// Makes room after `available` while keeping the bytes from `keepFrom` on: moves them to
    /// the front, or doubles the buffer when the record already fills it. Returns the shift.
    private func makeRoom(keepFrom: Int) -> Int {
        if keepFrom > 0 {
            if available > keepFrom, let base = buffer.baseAddress {
                memmove(base, base + keepFrom, available - keepFrom)
            }
            available -= keepFrom
            position -= keepFrom
            return keepFrom
        }
        if available < buffer.count { return 0 }  // a short read left room: fill it
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
        if let base = bigger.baseAddress, let old = buffer.baseAddress { base.copyMemory(from: old, byteCount: available) }
        buffer.deallocate()
        buffer = bigger
        return 0
    }

    /// Reads the next non-blank record's field positions; false at the end of input. Hot state
    /// lives in locals so the per-byte loop touches no class properties.
    private func readRecord() throws -> Bool {
        var starts = self.starts, ends = self.ends, nulls = self.nulls
        self.starts = []
        self.ends = []
        self.nulls = []
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        nulls.removeAll(keepingCapacity: true)
        var line = self.line
        var position = self.position
        var available = self.available
        var skipLineFeed = self.skipLineFeed
        defer {
            self.skipLineFeed = skipLineFeed
            self.starts = starts
            self.ends = ends
            self.nulls = nulls
            self.line = line
            self.position = position
            self.available = available
        }
        var quoted = false
        var state = State.fieldStart
        var recordStart = position
        var fieldStart = position  // where the field's text begins
        var write = position       // where its next byte goes (behind the read position after "")
        var base = UnsafeMutableRawPointer(buffer.baseAddress)
        recordLine = line
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter, quote = self.quote

        @inline(__always) func finishField(end: Int) {
            starts.append(fieldStart)
            ends.append(end)
            nulls.append(!quoted && end == fieldStart)
            quoted = false
        }

        while true {
            if position >= available {
                if ended { break }
                // Keep the record so far, then read more behind it.
                self.position = position
                self.available = available
                let shift = makeRoom(keepFrom: recordStart)
                position = self.position
                available = self.available
                recordStart -= shift
                fieldStart -= shift
                write -= shift
                for i in starts.indices {
                    starts[i] -= shift
                    ends[i] -= shift
                }
                base = UnsafeMutableRawPointer(buffer.baseAddress)
                let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[available...]))
                if n == 0 {
                    ended = true
                    break
                }
                available += n
            }
            guard let bytes = base else { break }
            var byte = bytes.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            if skipLineFeed {
                skipLineFeed = false
                if byte == lf {
                    recordStart = position
                    fieldStart = position
                    write = position
                    continue
                }
            }
            switch state {
            case .fieldStart, .unquoted, .quoteInQuoted:
                if state == .fieldStart && byte == quote {
                    quoted = true
                    state = .quoted
                    fieldStart = position
                    write = position
                    continue
                }
                if state == .quoteInQuoted && byte == quote {
                    // A doubled quote inside quotes: one literal quote.
                    bytes.storeBytes(of: quote, toByteOffset: write, as: UInt8.self)
                    write += 1
                    state = .quoted
                    continue
                }
                if byte == delimiter {
                    finishField(end: state == .fieldStart ? position - 1 : write)
                    state = .fieldStart
                    fieldStart = position
                    write = position
                    continue
                }
                if byte == lf || byte == cr {
                    if byte == cr { skipLineFeed = true }
                    line += 1
                    if state == .fieldStart && ends.isEmpty && !quoted {
                        // A blank line: not a record.
                        recordLine = line
                        recordStart = position
                        fieldStart = position
                        write = position
                        continue
                    }
                    finishField(end: state == .fieldStart ? position - 1 : write)
                    return true
                }
                // Ordinary bytes: take the whole run up to the next delimiter or newline at once.
                if state == .fieldStart { fieldStart = position - 1; write = position - 1 }
                let start = position - 1
                var end = position
                while end < available {
                    byte = bytes.load(fromByteOffset: end, as: UInt8.self)
                    if byte == delimiter || byte == lf || byte == cr { break }
                    end += 1
                }
                if write != start { memmove(bytes + write, bytes + start, end - start) }
                write += end - start
                position = end
                state = .unquoted
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                    continue
                }
                if byte == lf { line += 1 }
                let start = position - 1
                var end = position
                while end < available {
                    byte = bytes.load(fromByteOffset: end, as: UInt8.self)
                    if byte == quote { break }
                    if byte == lf { line += 1 }
                    end += 1
                }
                if write != start { memmove(bytes + write, bytes + start, end - start) }
                write += end - start
                position = end
            }
        }
        // End of input.
        if state == .quoted {
            let index = ends.count
            throw SourceError(.unterminatedQuote, file: displayName, record: recordNumber + 1, line: recordLine,
                              column: index < columnNames.count ? columnNames[index] : "#\(index + 1)",
                              "unterminated quoted field: the file ends inside quotes")
        }
        if state == .fieldStart && ends.isEmpty && !quoted { return false }
        finishField(end: state == .fieldStart ? position : write)
        return true
    }
}
