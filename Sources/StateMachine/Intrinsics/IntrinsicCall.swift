/// A parsed intrinsic function call such as `States.Format('{} items', $.count)`.
struct IntrinsicCall: Sendable, Hashable {
    indirect enum Argument: Sendable, Hashable {
        case literal(JSONValue)
        case path(JSONPath)
        case call(IntrinsicCall)
        /// A string literal with a backslash that escapes nothing reserved: the guide says the
        /// interpreter fails at run time, so the call parses and fails when evaluated.
        case invalidLiteral(String)
    }

    let function: IntrinsicFunction
    let arguments: [Argument]

    init(function: IntrinsicFunction, arguments: [Argument]) {
        self.function = function
        self.arguments = arguments
    }

    /// Parses a call; the error says what is wrong and where.
    init(parsing text: String) throws {
        var parser = IntrinsicParser(text)
        self = try parser.parseTopLevel()
    }
}

/// Why an intrinsic call does not parse.
struct IntrinsicSyntaxError: Error, Sendable, CustomStringConvertible {
    let text: String
    let reason: String
    var description: String { "invalid intrinsic function call '\(text)': \(reason)" }
}

/// The 18 intrinsic functions of the JSONPath dialect.
enum IntrinsicFunction: String, Sendable, Hashable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"

    /// Allowed argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .format: return 1...Int.max
        case .array: return 0...Int.max
        case .stringToJson, .jsonToString, .arrayLength, .arrayUnique, .base64Encode, .base64Decode: return 1...1
        case .arrayPartition, .arrayContains, .arrayGetItem, .hash, .mathAdd, .stringSplit: return 2...2
        case .arrayRange, .jsonMerge: return 3...3
        case .mathRandom: return 2...3
        case .uuid: return 0...0
        }
    }
}

struct IntrinsicParser {
    private let text: String
    private let chars: [Character]
    private var i = 0
    /// Calls open around the one being parsed. AWS allows up to 10 intrinsic functions in a
    /// field; deeper nesting is refused rather than parsed (and evaluated) recursively, which
    /// a hostile call nested thousands deep would turn into a stack overflow.
    private var depth = 0
    static let maxNesting = 10

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    private func fail(_ reason: String) -> IntrinsicSyntaxError { IntrinsicSyntaxError(text: text, reason: reason) }

    mutating func parseTopLevel() throws -> IntrinsicCall {
        skipSpaces()
        let call = try parseCall()
        skipSpaces()
        guard i == chars.count else { throw fail("unexpected text after the call at position \(i)") }
        return call
    }

    private mutating func skipSpaces() { while i < chars.count, chars[i] == " " { i += 1 } }

    private mutating func parseCall() throws -> IntrinsicCall {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxNesting else { throw fail("intrinsic functions nest at most \(Self.maxNesting) deep") }
        var name = ""
        while i < chars.count, chars[i] != "(" , chars[i] != " " { name.append(chars[i]); i += 1 }
        guard let function = IntrinsicFunction(rawValue: name) else { throw fail("unknown function '\(name)'") }
        skipSpaces()
        guard i < chars.count, chars[i] == "(" else { throw fail("expected '(' after \(name)") }
        i += 1
        var arguments: [IntrinsicCall.Argument] = []
        skipSpaces()
        if i < chars.count, chars[i] == ")" {
            i += 1
        } else {
            while true {
                skipSpaces()
                // States.Format's literal template keeps its escapes: `\{` must stay apart from `{`.
                arguments.append(try parseArgument(raw: function == .format && arguments.isEmpty))
                skipSpaces()
                guard i < chars.count else { throw fail("unterminated argument list") }
                if chars[i] == "," { i += 1; continue }
                if chars[i] == ")" { i += 1; break }
                throw fail("expected ',' or ')' at position \(i)")
            }
        }
        guard function.arity.contains(arguments.count) else {
            throw fail("\(name) takes \(function.arity.lowerBound == function.arity.upperBound ? String(function.arity.lowerBound) : "\(function.arity.lowerBound)+") argument(s), got \(arguments.count)")
        }
        return IntrinsicCall(function: function, arguments: arguments)
    }

    private mutating func parseArgument(raw: Bool) throws -> IntrinsicCall.Argument {
        guard i < chars.count else { throw fail("missing argument") }
        let c = chars[i]
        if c == "'" {
            i += 1
            var s = ""
            var openEscape: Character?
            while i < chars.count {
                let ch = chars[i]
                if ch == "\\", i + 1 < chars.count {
                    let next = chars[i + 1]
                    // Only ', {, } and \ may be escaped (AWS guide, "Reserved characters in intrinsic functions").
                    if !["'", "{", "}", "\\"].contains(next), openEscape == nil { openEscape = next }
                    if raw && next != "'" { s.append("\\") }
                    s.append(next)
                    i += 2
                    continue
                }
                if ch == "'" {
                    i += 1
                    if let bad = openEscape {
                        return .invalidLiteral("'\\\(bad)' in a string literal escapes nothing: only \\', \\{, \\} and \\\\ are escapes")
                    }
                    return .literal(.string(s))
                }
                s.append(ch)
                i += 1
            }
            throw fail("unterminated string literal")
        }
        if c == "$" {
            var depth = 0
            var p = ""
            var quote: Character?
            while i < chars.count {
                let ch = chars[i]
                if let q = quote {
                    if ch == q { quote = nil }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                } else if ch == "[" || ch == "(" {
                    depth += 1
                } else if ch == "]" || (ch == ")" && depth > 0) {
                    depth -= 1
                } else if depth == 0, ch == "," || ch == ")" || ch == " " {
                    break
                }
                p.append(ch)
                i += 1
            }
            do { return .path(try JSONPath(p)) } catch { throw fail("\(error)") }
        }
        if c == "S", chars[i...].starts(with: "States.") {
            return .call(try parseCall())
        }
        var token = ""
        while i < chars.count, chars[i] != ",", chars[i] != ")", chars[i] != " " { token.append(chars[i]); i += 1 }
        switch token {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "null": return .literal(.null)
        default:
            if let n = Int(token) { return .literal(.number(.integer(n))) }
            if let d = Double(token), token.first != "." { return .literal(.number(.double(d))) }
            throw fail("invalid argument '\(token)'")
        }
    }
}
