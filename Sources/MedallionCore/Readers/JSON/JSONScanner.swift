import Foundation

/// A pull scanner over a byte stream for JSON sources: decodes strings and scalars, copies
/// nested values as compact JSON text, and skips what is not wanted, one 1 MiB chunk at a time.
/// Tracks the line so errors can point at the record, and the offset so a record longer than
/// `maxRecordBytes` is refused before it is held in memory.
final class JSONScanner {
    static let maximumDepth = 512

    private let stream: any ByteStream
    let displayName: String
    private let buffer: UnsafeMutableRawBufferPointer
    private var position = 0
    private var available = 0
    private var ended = false
    /// Bytes of the stream before the buffer's first byte.
    private var consumedBefore = 0
    private(set) var line = 1
    /// The record being read, for error messages.
    var record: Int?
    /// Where the record being read started (offset and line), while one is.
    private var recordStart: (offset: Int, line: Int)?
    let maxRecordBytes: Int

    init(stream: any ByteStream, displayName: String, maxRecordBytes: Int = SourceOptions.defaultMaxRecordBytes) throws {
        self.stream = stream
        self.displayName = displayName
        self.maxRecordBytes = max(maxRecordBytes, 1)
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        try refill()
        // A decompressor may hand out fewer than 3 bytes at first: read on to see a whole BOM.
        while available < 3 && !ended {
            let n = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[available...]))
            if n == 0 { break }
            available += n
        }
        if available >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
        if let encoding = UTF16Check.byteOrderMark(UnsafeRawBufferPointer(rebasing: buffer[0..<available])) {
            throw SourceError(.invalidUTF8, file: displayName, line: 1, "the file is \(encoding) (it starts with a \(encoding) byte order mark): convert it to UTF-8")
        }
    }

    deinit { buffer.deallocate() }

    private func refill() throws {
        consumedBefore += available
        // Checked per refill, not per byte: a record is refused at most one buffer past the cap.
        if let start = recordStart, consumedBefore - start.offset > maxRecordBytes { throw recordTooLarge(start) }
        position = 0
        available = try stream.read(into: buffer)
        if available == 0 { ended = true }
    }

    /// The offset of the next byte in the stream.
    var offset: Int { consumedBefore + position }

    /// Marks the start of a record at the next byte: from here on a record longer than
    /// `maxRecordBytes` is an error.
    func beginRecord() {
        recordStart = (offset, line)
    }

    /// Marks the end of the record begun last (the next byte follows it).
    func endRecord() throws {
        if let start = recordStart, offset - start.offset > maxRecordBytes { throw recordTooLarge(start) }
        recordStart = nil
    }

    private func recordTooLarge(_ start: (offset: Int, line: Int)) -> SourceError {
        SourceError(.recordTooLarge, file: displayName, record: record, line: start.line,
                    SourceLimits.recordTooLarge("the record", maximum: maxRecordBytes))
    }

    func error(_ detail: String, column: String? = nil) -> SourceError {
        SourceError(.invalidJSON, file: displayName, record: record, line: line, column: column, detail)
    }

    /// The next byte without consuming it; nil at the end of input.
    @inline(__always) func peek() throws -> UInt8? {
        if position >= available {
            if ended { return nil }
            try refill()
            if ended { return nil }
        }
        return buffer[position]
    }

    @inline(__always) func next() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        // Lines end at LF, CRLF or a bare CR (as CSV counts them).
        if byte == UInt8(ascii: "\n") {
            line += 1
        } else if byte == UInt8(ascii: "\r"), try peek() != UInt8(ascii: "\n") {
            line += 1
        }
        return byte
    }

    /// Skips insignificant whitespace; returns the next byte (not consumed) or nil at the end.
    func skipWhitespace() throws -> UInt8? {
        while let byte = try peek() {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: _ = try next()
            default: return byte
            }
        }
        return nil
    }

    func expect(_ expected: UInt8, _ what: String) throws {
        guard let byte = try skipWhitespace() else { throw error("unexpected end of input, expected \(what)") }
        guard byte == expected else { throw error("expected \(what), found '\(Self.printable(byte))'") }
        _ = try next()
    }

    /// Reads a string (the opening quote is next) and returns its decoded UTF-8 bytes.
    func readString(into out: inout [UInt8]) throws {
        _ = try next()  // opening quote
        while true {
            guard let byte = try next() else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                guard let escaped = try next() else { throw error("unterminated string") }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard try next() == UInt8(ascii: "\\"), try next() == UInt8(ascii: "u") else {
                            throw error("unpaired UTF-16 surrogate in \\u escape")
                        }
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired UTF-16 surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw error("unpaired UTF-16 surrogate in \\u escape")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw error("invalid escape '\\\(Self.printable(escaped))' in string")
                }
            case 0x00..<0x20:
                throw error("control character in string (must be escaped)")
            default:
                out.append(byte)
            }
        }
    }

    private func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try next() else { throw error("unterminated \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Copies a string token verbatim (escapes kept) into `out`, quotes included; validates
    /// it without keeping it when `out` is nil.
    private func copyString(into out: inout [UInt8]?) throws {
        // Consumed before `out?.`: optional chaining would skip the call when `out` is nil.
        let open = try next() ?? UInt8(ascii: "\"")
        out?.append(open)
        var escaped = false
        var hexDigits = 0        // still expected after `\u`
        var scalar: UInt32 = 0   // the `\u` escape being read
        var highSurrogate = false  // a `\uD800`–`\uDBFF` escape awaits its low half
        let unpaired = "unpaired UTF-16 surrogate in \\u escape"
        while true {
            guard let byte = try next() else { throw error("unterminated string") }
            if byte < 0x20 { throw error("control character in string (must be escaped)") }
            out?.append(byte)
            if hexDigits > 0 {
                guard let digit = Self.hexValue(byte) else { throw error("invalid hex digit in \\u escape") }
                scalar = scalar << 4 | digit
                hexDigits -= 1
                if hexDigits == 0 {
                    // Kept as written, but like a decoded string it must have a UTF-8 form.
                    switch scalar {
                    case 0xD800..<0xDC00:
                        guard !highSurrogate else { throw error(unpaired) }
                        highSurrogate = true
                    case 0xDC00..<0xE000:
                        guard highSurrogate else { throw error(unpaired) }
                        highSurrogate = false
                    default:
                        guard !highSurrogate else { throw error(unpaired) }
                    }
                }
            } else if escaped {
                // The text is kept as written, so it must be valid JSON itself.
                escaped = false
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    guard !highSurrogate else { throw error(unpaired) }
                case UInt8(ascii: "u"):
                    hexDigits = 4
                    scalar = 0
                default:
                    throw error("invalid escape '\\\(Self.printable(byte))' in string")
                }
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                guard !highSurrogate else { throw error(unpaired) }
                if byte == UInt8(ascii: "\"") { return }
            }
        }
    }

    /// Reads a number token (validated against the JSON grammar) as its source text into
    /// `out`, or only validates it when `out` is nil.
    func readNumber(into out: inout [UInt8]?) throws {
        /// Consumes a run of digits; returns how many and the first.
        func digits() throws -> (count: Int, first: UInt8?) {
            var count = 0
            var first: UInt8?
            while let byte = try peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                out?.append(byte)
                _ = try next()
                if first == nil { first = byte }
                count += 1
            }
            return (count, first)
        }
        if try peek() == UInt8(ascii: "-") { out?.append(UInt8(ascii: "-")); _ = try next() }
        let integer = try digits()
        guard integer.count > 0 else { throw error("invalid number") }
        if integer.first == UInt8(ascii: "0") && integer.count > 1 { throw error("invalid number (leading zero)") }
        if try peek() == UInt8(ascii: ".") {
            out?.append(UInt8(ascii: ".")); _ = try next()
            guard try digits().count > 0 else { throw error("invalid number (no digits after '.')") }
        }
        if let e = try peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            out?.append(e); _ = try next()
            if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { out?.append(sign); _ = try next() }
            guard try digits().count > 0 else { throw error("invalid number (no exponent digits)") }
        }
    }

    private func readLiteral(_ word: String, into out: inout [UInt8]?) throws {
        for expected in word.utf8 {
            guard try next() == expected else { throw error("invalid literal (expected '\(word)')") }
        }
        out?.append(contentsOf: Array(word.utf8))
    }

    /// Copies (when `out` is given) or skips one value of any kind as compact JSON text.
    func copyValue(into out: inout [UInt8]?, depth: Int = 0) throws {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        guard let byte = try skipWhitespace() else { throw error("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            // Straight into `out`: a skipped value (nil) is validated without being held.
            try copyString(into: &out)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = byte == UInt8(ascii: "{")
            _ = try next()
            out?.append(byte)
            if try skipWhitespace() == close {
                _ = try next()
                out?.append(close)
                return
            }
            while true {
                if isObject {
                    guard try skipWhitespace() == UInt8(ascii: "\"") else { throw error("expected an object key string") }
                    try copyString(into: &out)
                    try expect(UInt8(ascii: ":"), "':'")
                    out?.append(UInt8(ascii: ":"))
                }
                try copyValue(into: &out, depth: depth + 1)
                guard let separator = try skipWhitespace() else { throw error("unexpected end of input inside a value") }
                _ = try next()
                if separator == close {
                    out?.append(close)
                    return
                }
                guard separator == UInt8(ascii: ",") else {
                    throw error("expected ',' or '\(Self.printable(close))', found '\(Self.printable(separator))'")
                }
                out?.append(separator)
            }
        case UInt8(ascii: "t"): try readLiteral("true", into: &out)
        case UInt8(ascii: "f"): try readLiteral("false", into: &out)
        case UInt8(ascii: "n"): try readLiteral("null", into: &out)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try readNumber(into: &out)
        default:
            throw error("unexpected '\(Self.printable(byte))'")
        }
    }

    @inline(__always) static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func printable(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
    }
}
