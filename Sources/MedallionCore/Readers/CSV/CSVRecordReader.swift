import CCSVScan
import Foundation

/// RFC 4180 CSV/TSV, streamed through one buffer: quoted fields with doubled quotes and
/// embedded delimiters and newlines, CRLF, LF or CR line ends, a UTF-8 BOM, blank lines
/// skipped. Unquoted empty → null, quoted empty → "". Text after a closing quote is an error
/// (as in Python's csv `strict` mode and DuckDB's strict reader) unless `lenientQuotes`, which
/// keeps it as Python's csv module does by default. A record whose field count differs from
/// the header's, an unterminated quote, or invalid UTF-8 is an error naming the record, line
/// and column; lines are counted at LF, CRLF and bare CR, inside quotes too. A header with no
/// records is a valid empty source; an empty file is not. More than `maxColumns` columns or a
/// record longer than `maxRecordBytes` is an error. (User-visible rules: docs/sources.md.)
///
/// Fields are never copied: they are delivered as slices of the read buffer. Doubled quotes
/// are undone in place (the text only shrinks), and when a record runs past the end of the
/// buffer its start is moved to the front (or the buffer doubles) before reading on.
///
/// The state machine in `readRecord` defines all of the above. Plain records (no doubled
/// quote, no line break inside quotes, LF or CRLF line ends: nearly every record of most
/// files) are first offered to a fast path in C (`medallion_csv_simple_record`, 64 bytes at a
/// time as bit masks), which reads a record whole or leaves it entirely to the state machine;
/// `CSVFastPathTests` holds the two to the same records, lines and errors.
final class CSVRecordReader: RecordReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// Everything the scan mutates, in one value: a batch of records is read with this moved
    /// into a local, so the per-record work touches no class properties (each such access
    /// costs a dynamic exclusivity check).
    private struct Scan {
        var buffer: UnsafeMutableRawBufferPointer
        var position = 0
        var available = 0
        var ended = false
        var skipLineFeed = false
        var bounds = FieldBounds()
        var line = 1
        var recordLine = 1
        var recordNumber = 0
        /// True when the fast path saw only ASCII in the current record (false may be spurious).
        var knownASCII = false
        /// Records the fast path read (tests check that it is exercised).
        var fastRecords = 0

        func withFields<T>(_ body: (RecordFields) throws -> T) rethrows -> T {
            try body(bounds.fields(base: UnsafeRawPointer(buffer.baseAddress)))
        }

        /// Makes room after `available` while keeping the bytes from `keepFrom` on: moves them
        /// to the front, or doubles the buffer when the record already fills it. Returns the shift.
        mutating func makeRoom(keepFrom: Int) -> Int {
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
    }

    private let stream: any ByteStream
    private let displayName: String
    private let delimiter: UInt8
    private let quote: UInt8
    private let lenientQuotes: Bool
    private let maxRecordBytes: Int
    /// Whether `medallion_csv_simple_record` may read records (its bytes must be distinct).
    private let fastPath: Bool
    private var scan: Scan
    private var firstRecordPending = false
    private let hasHeader: Bool
    /// True while `init` reads the header line (so errors name no record).
    private var readingHeader: Bool

    private(set) var columnNames: [String] = []
    var recordNumber: Int { scan.recordNumber }
    /// Records read by the fast path so far (the header included).
    var fastPathRecords: Int { scan.fastRecords }
    /// The line the last record delivered starts on.
    var recordLine: Int { scan.recordLine }

    /// `bufferSize` is the initial read buffer (tests use tiny ones to cross every boundary);
    /// `fastPath: false` reads every record with the general parser (tests compare the two).
    init(stream: any ByteStream, displayName: String, options: SourceOptions, bufferSize: Int = 1 << 20,
         fastPath: Bool = true) throws {
        self.stream = stream
        self.displayName = displayName
        self.delimiter = options.delimiter
        self.quote = options.quote
        self.lenientQuotes = options.lenientQuotes
        self.maxRecordBytes = max(options.maxRecordBytes, 1)
        let lineEnds: [UInt8] = [UInt8(ascii: "\n"), UInt8(ascii: "\r")]
        self.fastPath = fastPath && options.delimiter != options.quote && !lineEnds.contains(options.delimiter) && !lineEnds.contains(options.quote)
        self.readingHeader = options.header
        self.hasHeader = options.header
        var scan = Scan(buffer: UnsafeMutableRawBufferPointer.allocate(byteCount: max(bufferSize, 4), alignment: 16))
        // Owned by `self.scan` from here on (kept current by the defer, as reading may replace
        // the buffer), so `deinit` frees it on every path out of init.
        self.scan = scan
        defer { self.scan = scan }
        // Read until the BOM can be recognised: a decompressor may hand out fewer than 3 bytes.
        while scan.available < 3 {
            let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: scan.buffer[scan.available...]))
            if n == 0 { break }
            scan.available += n
        }
        if scan.available == 0 { scan.ended = true }
        if scan.available >= 3, scan.buffer[0] == 0xEF, scan.buffer[1] == 0xBB, scan.buffer[2] == 0xBF { scan.position = 3 }
        if let encoding = UTF16Check.byteOrderMark(UnsafeRawBufferPointer(rebasing: scan.buffer[0..<scan.available])) {
            throw SourceError(.invalidUTF8, file: displayName, line: 1, "the file is \(encoding) (it starts with a \(encoding) byte order mark): convert it to UTF-8")
        }
        // Fields past the limit are only counted: the error below names the width without
        // having stored it.
        scan.bounds.limit = options.maxColumns + 1
        guard try readRecord(&scan) else {
            throw SourceError(.noColumns, file: displayName, "the source is empty: no header and no records")
        }
        if scan.bounds.total > options.maxColumns {
            throw SourceError(.tooManyColumns, file: displayName, record: options.header ? nil : 1, line: scan.recordLine,
                              SourceLimits.tooManyColumns("the \(options.header ? "header names" : "first record has") \(scan.bounds.total) columns",
                                                          maximum: options.maxColumns))
        }
        let names: [String] = try scan.withFields { fields in
            guard options.header else { return (1...fields.count).map { "column_\($0)" } }
            // (Without a header this is record 1, validated when it is delivered.)
            try validateText(fields, scan, header: true, columns: [])
            return ColumnNames.uniqued(fields.strings)
        }
        columnNames = names
        // A longer record is ragged whatever else it holds: one field more tells that.
        scan.bounds.limit = names.count + 1
        readingHeader = false
        firstRecordPending = !options.header
    }

    deinit {
        scan.buffer.deallocate()
        scan.bounds.deallocate()
    }

    func nextRecord(_ body: (RecordFields) throws -> Void) throws -> Bool {
        try nextRecords(limit: 1) { fields, _ in try body(fields) } == 1
    }

    func nextRecords(limit: Int, _ body: (RecordFields, Int) throws -> Void) throws -> Int {
        var scan = self.scan
        defer { self.scan = scan }
        let columns = columnNames
        var delivered = 0
        while delivered < limit {
            if firstRecordPending {
                firstRecordPending = false
            } else {
                guard try readRecord(&scan) else { break }
            }
            scan.recordNumber += 1
            guard scan.bounds.total == columns.count else {
                throw SourceError(.raggedRecord, file: displayName, record: scan.recordNumber, line: scan.recordLine,
                                  "expected \(columns.count) fields (as in \(hasHeader ? "the header" : "record 1")), found \(scan.bounds.total)")
            }
            try scan.withFields { fields in
                try validateText(fields, scan, header: false, columns: columns)
                try body(fields, scan.recordNumber)
            }
            delivered += 1
        }
        return delivered
    }

    private func validateText(_ fields: RecordFields, _ scan: Scan, header: Bool, columns: [String]) throws {
        if scan.knownASCII { return }
        // The record's span holds only fields plus ASCII punctuation: one pass settles the common case.
        if let span = scan.bounds.span, let base = scan.buffer.baseAddress,
           UTF8Check.isASCII(UnsafeRawBufferPointer(start: base + span.lowerBound, count: span.count)) {
            return
        }
        guard let index = fields.firstInvalidUTF8Field() else { return }
        throw SourceError(.invalidUTF8, file: displayName, record: header ? nil : scan.recordNumber, line: scan.recordLine,
                          column: index < columns.count ? columns[index] : "#\(index + 1)",
                          "invalid UTF-8 (convert the source to UTF-8)")
    }

    /// Reads the next non-blank record's field positions into `scan`; false at the end of
    /// input. Hot state lives in locals so the per-byte loop touches no stored properties.
    private func readRecord(_ scan: inout Scan) throws -> Bool {
        if fastPath && !scan.skipLineFeed, let base = scan.buffer.baseAddress {
            // Most records are plain: the fast path reads them whole, or leaves them entirely
            // to the loop below (which also refills the buffer, skips blank lines and reports errors).
            var next = 0
            var ascii = false
            let position = scan.position, available = scan.available
            let delimiter = self.delimiter, quote = self.quote, maxRecordBytes = self.maxRecordBytes
            let fields = scan.bounds.fill { starts, ends, nulls, capacity in
                Int(medallion_csv_simple_record(base.assumingMemoryBound(to: UInt8.self), position, available, delimiter, quote,
                                                maxRecordBytes, starts, ends, nulls, Int32(clamping: capacity), &next, &ascii))
            }
            if fields > 0 {
                scan.recordLine = scan.line
                scan.line += 1
                scan.position = next
                scan.knownASCII = ascii
                scan.fastRecords &+= 1
                return true
            }
        }
        scan.knownASCII = false
        scan.bounds.removeAll()
        var line = scan.line
        var position = scan.position
        var available = scan.available
        var skipLineFeed = scan.skipLineFeed
        defer {
            scan.skipLineFeed = skipLineFeed
            scan.line = line
            scan.position = position
            scan.available = available
        }
        var quoted = false
        var state = State.fieldStart
        var recordStart = position
        var fieldStart = position  // where the field's text begins
        var write = position       // where its next byte goes (behind the read position after "")
        var base = UnsafeMutableRawPointer(scan.buffer.baseAddress)
        scan.recordLine = line
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delimiter = self.delimiter, quote = self.quote
        let delimiterPattern = ByteScan.pattern(delimiter), quotePattern = ByteScan.pattern(quote)
        let lfPattern = ByteScan.pattern(lf), crPattern = ByteScan.pattern(cr)

        while true {
            if position >= available {
                if scan.ended { break }
                // Checked per refill, not per byte: a record is at most one read past the cap
                // before it is refused, so the buffer stays within twice the cap.
                if available - recordStart > maxRecordBytes { throw recordTooLarge(scan) }
                // Keep the record so far, then read more behind it.
                scan.position = position
                scan.available = available
                let shift = scan.makeRoom(keepFrom: recordStart)
                position = scan.position
                available = scan.available
                recordStart -= shift
                fieldStart -= shift
                write -= shift
                scan.bounds.shift(by: shift)
                base = UnsafeMutableRawPointer(scan.buffer.baseAddress)
                let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: scan.buffer[available...]))
                if n == 0 {
                    scan.ended = true
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
                    Self.finishField(&scan, start: fieldStart, end: state == .fieldStart ? position - 1 : write, quoted: quoted)
                    quoted = false
                    state = .fieldStart
                    fieldStart = position
                    write = position
                    continue
                }
                if byte == lf || byte == cr {
                    if byte == cr { skipLineFeed = true }
                    line += 1
                    if state == .fieldStart && scan.bounds.isEmpty && !quoted {
                        // A blank line: not a record.
                        scan.recordLine = line
                        recordStart = position
                        fieldStart = position
                        write = position
                        continue
                    }
                    if position - 1 - recordStart > maxRecordBytes { throw recordTooLarge(scan) }
                    Self.finishField(&scan, start: fieldStart, end: state == .fieldStart ? position - 1 : write, quoted: quoted)
                    return true
                }
                if state == .quoteInQuoted && !lenientQuotes {
                    throw textAfterQuote(byte, scan, line: line)
                }
                // Ordinary bytes: take the whole run up to the next delimiter or newline at once.
                if state == .fieldStart { fieldStart = position - 1; write = position - 1 }
                let start = position - 1
                let end = ByteScan.firstOf(delimiterPattern, lfPattern, crPattern, in: bytes, from: position, to: available)
                if write != start { memmove(bytes + write, bytes + start, end - start) }
                write += end - start
                position = end
                state = .unquoted
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                    continue
                }
                // Line breaks inside quotes count as lines (LF, CR or CRLF, as outside them), so
                // later errors name the right line. Bytes from `write` on are still as read (the
                // text only moves back), so the byte before a LF tells whether it ends a CRLF.
                let start = position - 1
                var end = start
                while true {
                    if byte &- lf <= cr &- lf {
                        if byte == cr || byte == lf && (end == 0 || bytes.load(fromByteOffset: end - 1, as: UInt8.self) != cr) {
                            line += 1
                        }
                    }
                    end = ByteScan.firstOf(quotePattern, lfPattern, crPattern, in: bytes, from: end + 1, to: available)
                    if end >= available { break }
                    byte = bytes.load(fromByteOffset: end, as: UInt8.self)
                    if byte == quote { break }
                }
                if write != start { memmove(bytes + write, bytes + start, end - start) }
                write += end - start
                position = end
            }
        }
        // End of input.
        if state == .quoted {
            throw SourceError(.unterminatedQuote, file: displayName, record: readingHeader ? nil : scan.recordNumber + 1,
                              line: scan.recordLine,
                              column: currentColumn(scan),
                              "unterminated quoted field\(readingHeader ? " in the header" : ""): the file ends inside quotes")
        }
        if state == .fieldStart && scan.bounds.isEmpty && !quoted { return false }
        if position - recordStart > maxRecordBytes { throw recordTooLarge(scan) }
        Self.finishField(&scan, start: fieldStart, end: state == .fieldStart ? position : write, quoted: quoted)
        return true
    }

    /// The column the field being scanned belongs to: by name once the header is known; by
    /// position in the header itself.
    private func currentColumn(_ scan: Scan) -> String {
        let index = scan.bounds.total
        if index < columnNames.count { return columnNames[index] }
        return hasHeader ? "#\(index + 1)" : "column_\(index + 1)"
    }

    private func recordTooLarge(_ scan: Scan) -> SourceError {
        SourceError(.recordTooLarge, file: displayName, record: readingHeader ? nil : scan.recordNumber + 1, line: scan.recordLine,
                    SourceLimits.recordTooLarge(readingHeader ? "the header" : "the record", maximum: maxRecordBytes))
    }

    /// RFC 4180 lets a quoted field end only at a delimiter or a line end. `"ab"c` has no one
    /// reading (Python's csv makes it `abc`, DuckDB's lenient reader `ab`), so it is refused
    /// rather than guessed at.
    private func textAfterQuote(_ byte: UInt8, _ scan: Scan, line: Int) -> SourceError {
        let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
        return SourceError(.textAfterQuote, file: displayName, record: readingHeader ? nil : scan.recordNumber + 1, line: line,
                           column: currentColumn(scan),
                           "\(shown) after the closing quote of a quoted field\(readingHeader ? " in the header" : ""): a quoted field must end at a delimiter or a line end (RFC 4180); double the quote to keep it as text, or set source.csv.lenient to read it as Python's csv does")
    }

    /// Records one field's bounds; an unquoted empty field is a null.
    @inline(__always)
    private static func finishField(_ scan: inout Scan, start: Int, end: Int, quoted: Bool) {
        scan.bounds.append(start: start, end: end, null: !quoted && end == start)
    }
}
