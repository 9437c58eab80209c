/// Reads the JSON text Bronze keeps for nested values (objects and arrays as compact JSON),
/// without building a tree: it walks the bytes and hands out each member's raw slice, so a
/// leaf's number keeps the digits the source wrote. Malformed text yields nil, never a trap.
struct JSONText {
    /// What a value's first byte says it is.
    enum Kind: Equatable {
        case object, array, string, number, boolean, null
    }

    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private var depth = 0
    static let maximumDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    static func kind(of value: UnsafeRawBufferPointer) -> Kind? {
        var i = 0
        while i < value.count, isSpace(value[i]) { i += 1 }
        guard i < value.count else { return nil }
        switch value[i] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .boolean
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: return nil
        }
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
    }

    private mutating func skipSpace() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == c else { return false }
        position += 1
        return true
    }

    /// Calls `body` with each member's key and raw value of the object the text holds;
    /// false when the text is not a well-formed object.
    static func forEachMember(of text: UnsafeRawBufferPointer,
                              _ body: ([UInt8], UnsafeRawBufferPointer) -> Void) -> Bool {
        var reader = JSONText(text)
        guard reader.expect(UInt8(ascii: "{")) else { return false }
        if reader.expect(UInt8(ascii: "}")) { return reader.atEnd }
        repeat {
            reader.skipSpace()
            guard let key = reader.string(), reader.expect(UInt8(ascii: ":")) else { return false }
            reader.skipSpace()
            let start = reader.position
            guard reader.skipValue() else { return false }
            body(key, UnsafeRawBufferPointer(rebasing: text[start..<reader.position]))
        } while reader.expect(UInt8(ascii: ","))
        return reader.expect(UInt8(ascii: "}")) && reader.atEnd
    }

    /// Calls `body` with each element's raw value of the array the text holds; false when
    /// the text is not a well-formed array.
    static func forEachElement(of text: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        var reader = JSONText(text)
        guard reader.expect(UInt8(ascii: "[")) else { return false }
        if reader.expect(UInt8(ascii: "]")) { return reader.atEnd }
        repeat {
            reader.skipSpace()
            let start = reader.position
            guard reader.skipValue() else { return false }
            body(UnsafeRawBufferPointer(rebasing: text[start..<reader.position]))
        } while reader.expect(UInt8(ascii: ","))
        return reader.expect(UInt8(ascii: "]")) && reader.atEnd
    }

    private var atEnd: Bool {
        var copy = self
        copy.skipSpace()
        return copy.position == bytes.count
    }

    /// A scalar's text as Silver sees it: strings decoded, numbers and booleans as written,
    /// null as nil; objects and arrays as their (compact) JSON text.
    static func scalarText(_ value: UnsafeRawBufferPointer) -> [UInt8]? {
        switch kind(of: value) {
        case .string?:
            var reader = JSONText(value)
            reader.skipSpace()
            return reader.string()
        case .null?, nil:
            return nil
        default:
            return Array(value)
        }
    }

    /// Decodes a string token at the cursor (escapes and surrogate pairs) into UTF-8.
    private mutating func string() -> [UInt8]? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let c = bytes[position]
            position += 1
            if c == UInt8(ascii: "\"") { return out }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                continue
            }
            guard position < bytes.count else { return nil }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(scalar) {
                    guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else { return nil }
                    position += 2
                    guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    return nil
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            position += 1
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Moves past one value of any kind.
    private mutating func skipValue() -> Bool {
        skipSpace()
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { return false }
            let close = bytes[position] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            position += 1
            if expect(close) { return true }
            repeat {
                if isObject {
                    skipSpace()
                    guard string() != nil, expect(UInt8(ascii: ":")) else { return false }
                }
                guard skipValue() else { return false }
            } while expect(UInt8(ascii: ","))
            return expect(close)
        default:
            // Numbers, true, false, null: a run of token characters.
            let start = position
            while position < bytes.count {
                let c = bytes[position]
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || Self.isSpace(c) { break }
                position += 1
            }
            return position > start
        }
    }
}
