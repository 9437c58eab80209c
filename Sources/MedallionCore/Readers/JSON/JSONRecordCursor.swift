/// Walks a JSON source to its records: NDJSON is a sequence of objects; a `json` source is an
/// array of objects at the top, or under `records_path` inside enclosing objects.
final class JSONRecordCursor {
    let scanner: JSONScanner
    private let format: SourceFormat
    private var first = true
    /// How many objects enclose the records array (`records_path` components).
    private var enclosingObjects = 0
    private var finished = false
    private(set) var recordNumber = 0
    private var key: [UInt8] = []
    private var value: [UInt8] = []

    init(scanner: JSONScanner, format: SourceFormat, recordsPath: String?) throws {
        self.scanner = scanner
        self.format = format
        if format == .json {
            let path = Self.components(of: recordsPath)
            enclosingObjects = path.count
            try descend(to: path)
        }
    }

    /// `$.data.items`, `data.items` → ["data", "items"]; nil, `$` → [].
    static func components(of path: String?) -> [String] {
        guard var path, !path.isEmpty else { return [] }
        if path.hasPrefix("$") { path.removeFirst() }
        return path.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
    }

    private func descend(to path: [String]) throws {
        var walked: [String] = []
        for component in path {
            try scanner.expect(UInt8(ascii: "{"), "an object containing '\(component)' (records_path)")
            var found = false
            if try scanner.skipWhitespace() != UInt8(ascii: "}") {
                while true {
                    guard try scanner.skipWhitespace() == UInt8(ascii: "\"") else { throw scanner.error("expected an object key") }
                    key.removeAll(keepingCapacity: true)
                    try scanner.readString(into: &key)
                    try scanner.expect(UInt8(ascii: ":"), "':'")
                    if String(decoding: key, as: UTF8.self) == component {
                        found = true
                        break
                    }
                    var skip: [UInt8]? = nil
                    try scanner.copyValue(into: &skip)
                    guard let separator = try scanner.next(), separator == UInt8(ascii: ",") || separator == UInt8(ascii: "}") else {
                        throw scanner.error("expected ',' or '}'")
                    }
                    if separator == UInt8(ascii: "}") { break }
                    _ = try scanner.skipWhitespace()
                }
            }
            walked.append(component)
            guard found else {
                throw SourceError(.recordsPathNotFound, file: scanner.displayName,
                                  "records_path '$.\(walked.joined(separator: "."))' does not exist in the document")
            }
        }
        guard let byte = try scanner.skipWhitespace() else { throw scanner.error("the document is empty") }
        guard byte == UInt8(ascii: "[") else {
            let hint = path.isEmpty && byte == UInt8(ascii: "{")
                ? "the top-level value is an object: set source.json.records_path to the key holding the records"
                : "expected an array of records at \(path.isEmpty ? "the top level" : "records_path '$.\(path.joined(separator: "."))'")"
            throw SourceError(.recordsPathNotFound, file: scanner.displayName, line: scanner.line, hint)
        }
        _ = try scanner.next()
    }

    /// Reads the next record object, calling `field` for each key (with the value as text when
    /// `values`); false at the end of the records.
    func next(values: Bool, _ field: (String, String?) throws -> Void) throws -> Bool {
        guard !finished else { return false }
        scanner.record = recordNumber + 1
        if format == .json {
            guard let byte = try scanner.skipWhitespace() else { throw scanner.error("unexpected end of input inside the records array") }
            if byte == UInt8(ascii: "]") {
                _ = try scanner.next()
                finished = true
                try finishDocument()
                return false
            }
            if !first {
                guard byte == UInt8(ascii: ",") else { throw scanner.error("expected ',' or ']' between records") }
                _ = try scanner.next()
            }
        } else if try scanner.skipWhitespace() == nil {
            finished = true
            return false
        }
        first = false
        recordNumber += 1
        guard let open = try scanner.skipWhitespace() else { throw scanner.error("unexpected end of input") }
        scanner.beginRecord()
        guard open == UInt8(ascii: "{") else {
            if format == .json && open == UInt8(ascii: "]") {
                throw scanner.error("a comma before ']' (a trailing comma is not valid JSON)")
            }
            throw SourceError(.notAnObject, file: scanner.displayName, record: recordNumber, line: scanner.line,
                              "expected a JSON object, found '\(JSONScanner.printable(open))'")
        }
        _ = try scanner.next()
        if try scanner.skipWhitespace() == UInt8(ascii: "}") {
            _ = try scanner.next()
            try scanner.endRecord()
            try endOfRecord()
            return true
        }
        while true {
            guard try scanner.skipWhitespace() == UInt8(ascii: "\"") else { throw scanner.error("expected an object key") }
            key.removeAll(keepingCapacity: true)
            try scanner.readString(into: &key)
            guard let name = String(validating: key, as: UTF8.self) else { throw scanner.error("invalid UTF-8 in a key") }
            try scanner.expect(UInt8(ascii: ":"), "':' after key \"\(name)\"")
            if values {
                try field(name, try readValue(column: name))
            } else {
                do {
                    var skip: [UInt8]? = nil
                    try scanner.copyValue(into: &skip)
                } catch let error as SourceError where error.column == nil {
                    throw error.naming(column: name)
                }
                try field(name, nil)
            }
            guard let separator = try scanner.skipWhitespace() else { throw scanner.error("unexpected end of input inside a record") }
            _ = try scanner.next()
            if separator == UInt8(ascii: "}") {
                try scanner.endRecord()
                try endOfRecord()
                return true
            }
            guard separator == UInt8(ascii: ",") else {
                throw scanner.error("expected ',' or '}' after the value of \"\(name)\", found '\(JSONScanner.printable(separator))'")
            }
        }
    }

    /// NDJSON holds one record per line: after a record's closing brace only blanks may
    /// follow on its line (a trailing comma or a second value is an error naming the record).
    private func endOfRecord() throws {
        guard format == .ndjson else { return }
        while let byte = try scanner.peek() {
            switch byte {
            case 0x20, 0x09: _ = try scanner.next()
            case 0x0A, 0x0D: return  // the line break is whitespace before the next record
            default:
                throw scanner.error("unexpected '\(JSONScanner.printable(byte))' after the record: NDJSON holds one JSON object per line")
            }
        }
    }

    /// After the records array: the rest of the enclosing objects (other members are skipped but
    /// must be valid JSON), then nothing but whitespace to the end of the file. A truncated
    /// document or trailing garbage is an error, not silently ignored.
    private func finishDocument() throws {
        scanner.record = nil
        for _ in 0..<enclosingObjects {
            while true {
                guard let separator = try scanner.skipWhitespace() else {
                    throw scanner.error("unexpected end of input after the records array (truncated document?)")
                }
                _ = try scanner.next()
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else {
                    throw scanner.error("expected ',' or '}' after the records array, found '\(JSONScanner.printable(separator))'")
                }
                guard try scanner.skipWhitespace() == UInt8(ascii: "\"") else { throw scanner.error("expected an object key") }
                key.removeAll(keepingCapacity: true)
                try scanner.readString(into: &key)
                try scanner.expect(UInt8(ascii: ":"), "':'")
                var skip: [UInt8]? = nil
                try scanner.copyValue(into: &skip)
            }
        }
        if let byte = try scanner.skipWhitespace() {
            throw scanner.error("unexpected '\(JSONScanner.printable(byte))' after the end of the JSON document")
        }
    }

    /// A field's text: strings decoded, numbers as written, booleans `true`/`false`, null → nil,
    /// objects and arrays as compact JSON.
    private func readValue(column: String) throws -> String? {
        do {
            return try readValueText(column: column)
        } catch let error as SourceError where error.column == nil {
            throw error.naming(column: column)
        }
    }

    private func readValueText(column: String) throws -> String? {
        guard let byte = try scanner.skipWhitespace() else { throw scanner.error("unexpected end of input", column: column) }
        value.removeAll(keepingCapacity: true)
        switch byte {
        case UInt8(ascii: "\""):
            try scanner.readString(into: &value)
        case UInt8(ascii: "n"):
            var out: [UInt8]? = []
            try scanner.copyValue(into: &out)
            return nil
        default:
            var out: [UInt8]? = value
            try scanner.copyValue(into: &out)
            value = out ?? []
        }
        guard let text = String(validating: value, as: UTF8.self) else {
            throw SourceError(.invalidUTF8, file: scanner.displayName, record: recordNumber, line: scanner.line,
                              column: column, "invalid UTF-8")
        }
        return text
    }
}
