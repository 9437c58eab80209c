/// Why a path is not valid JSONPath.
public struct JSONPathSyntaxError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "invalid JSONPath '\(path)': \(reason)" }
}

/// Parses the JSONPath grammar that ASL accepts.
struct JSONPathParser {
    private let text: String
    private let chars: [Character]
    private var i = 0
    /// Filter operators read so far (`[?(`, `(`, `!`, `&&`, `||`). Each can add a level to the
    /// expression tree, which is parsed, matched and destroyed recursively, so bounding them
    /// keeps a hostile path (`$[?(!!!!…@)]`) from overflowing the stack.
    private var filterOperators = 0
    static let maxFilterOperators = 256

    init(_ text: String) {
        self.text = text
        self.chars = Array(text)
    }

    private func fail(_ reason: String) -> JSONPathSyntaxError { JSONPathSyntaxError(path: text, reason: reason) }

    private mutating func countFilterOperator() throws {
        filterOperators += 1
        guard filterOperators <= Self.maxFilterOperators else {
            throw fail("filters may use at most \(Self.maxFilterOperators) operators, parentheses and nested filters")
        }
    }

    mutating func parsePath() throws -> (context: Bool, variable: String?, segments: [JSONPath.Segment]) {
        guard i < chars.count, chars[i] == "$" else { throw fail("a path starts with '$'") }
        i += 1
        var context = false
        var variable: String?
        if i < chars.count, chars[i] == "$" {
            context = true
            i += 1
        } else if i < chars.count, VariableName.isStart(chars[i]) {
            // `$name…`: a workflow variable (AWS, 2024), then the usual segments into its value.
            var name = ""
            while i < chars.count, VariableName.isContinue(chars[i]) { name.append(chars[i]); i += 1 }
            variable = name
        }
        let segments = try parseSegments(stopAt: nil)
        guard i == chars.count else { throw fail("unexpected '\(chars[i])' at position \(i)") }
        return (context, variable, segments)
    }

    /// Segments until the end of text or, inside a filter, until a character that ends an operand.
    private mutating func parseSegments(stopAt stop: Set<Character>?) throws -> [JSONPath.Segment] {
        var segments: [JSONPath.Segment] = []
        while i < chars.count {
            let c = chars[i]
            if let stop, stop.contains(c) || c == " " { break }
            if c == "." {
                i += 1
                if i < chars.count, chars[i] == "." {
                    i += 1
                    if i < chars.count, chars[i] == "*" { i += 1; segments.append(.deepScan(nil)); continue }
                    if i < chars.count, chars[i] == "[" {
                        // `..['key']`
                        let inner = try parseBracket()
                        if case .member(let k) = inner { segments.append(.deepScan(k)); continue }
                        if case .wildcard = inner { segments.append(.deepScan(nil)); continue }
                        throw fail("unsupported deep scan")
                    }
                    let name = readName(stop: stop)
                    guard !name.isEmpty else { throw fail("empty name after '..'") }
                    segments.append(.deepScan(name))
                    continue
                }
                if i < chars.count, chars[i] == "*" { i += 1; segments.append(.wildcard); continue }
                let name = readName(stop: stop)
                guard !name.isEmpty else { throw fail("empty member name at position \(i)") }
                segments.append(.member(name))
            } else if c == "[" {
                segments.append(try parseBracket())
            } else {
                throw fail("unexpected '\(c)' at position \(i)")
            }
        }
        return segments
    }

    private mutating func readName(stop: Set<Character>?) -> String {
        var name = ""
        while i < chars.count {
            let c = chars[i]
            if c == "." || c == "[" { break }
            if let stop, stop.contains(c) || c == " " { break }
            name.append(c)
            i += 1
        }
        return name
    }

    private mutating func skipSpaces() {
        while i < chars.count, chars[i] == " " { i += 1 }
    }

    private mutating func parseBracket() throws -> JSONPath.Segment {
        i += 1
        skipSpaces()
        guard i < chars.count else { throw fail("unterminated '['") }
        let segment: JSONPath.Segment
        if chars[i] == "*" {
            i += 1
            segment = .wildcard
        } else if chars[i] == "'" || chars[i] == "\"" {
            var keys = [try readQuoted()]
            skipSpaces()
            while i < chars.count, chars[i] == "," {
                i += 1
                skipSpaces()
                keys.append(try readQuoted())
                skipSpaces()
            }
            segment = keys.count == 1 ? .member(keys[0]) : .members(keys)
        } else if chars[i] == "?" {
            i += 1
            skipSpaces()
            guard i < chars.count, chars[i] == "(" else { throw fail("a filter is written [?(...)]") }
            i += 1
            try countFilterOperator()
            let expression = try parseOr()
            skipSpaces()
            guard i < chars.count, chars[i] == ")" else { throw fail("unterminated filter") }
            i += 1
            segment = .filter(expression)
        } else {
            // index, index list or slice
            var parts: [Int?] = [try readInt()]
            var separators: [Character] = []
            skipSpaces()
            while i < chars.count, chars[i] == ":" || chars[i] == "," {
                separators.append(chars[i])
                i += 1
                skipSpaces()
                parts.append(try readInt())
                skipSpaces()
            }
            if separators.isEmpty {
                guard let index = parts[0] else { throw fail("expected an index, a quoted name, '*' or a filter in brackets") }
                segment = .index(index)
            } else if separators.allSatisfy({ $0 == "," }) {
                let list = parts.compactMap { $0 }
                guard list.count == parts.count else { throw fail("empty index in list") }
                segment = .indexes(list)
            } else if separators.allSatisfy({ $0 == ":" }), parts.count <= 3 {
                segment = .slice(start: parts[0], end: parts.count > 1 ? parts[1] : nil, step: parts.count > 2 ? parts[2] : nil)
            } else {
                throw fail("mixed ',' and ':' in brackets")
            }
        }
        skipSpaces()
        guard i < chars.count, chars[i] == "]" else { throw fail("expected ']' at position \(i)") }
        i += 1
        return segment
    }

    private mutating func readInt() throws -> Int? {
        var s = ""
        if i < chars.count, chars[i] == "-" { s.append("-"); i += 1 }
        while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII { s.append(String(d)); i += 1 }
        if s.isEmpty { return nil }
        guard let v = Int(s) else { throw fail("invalid index '\(s)'") }
        return v
    }

    private mutating func readQuoted() throws -> String {
        guard i < chars.count, chars[i] == "'" || chars[i] == "\"" else { throw fail("expected a quoted name") }
        let quote = chars[i]
        i += 1
        var s = ""
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count { s.append(chars[i + 1]); i += 2; continue }
            if c == quote { i += 1; return s }
            s.append(c)
            i += 1
        }
        throw fail("unterminated quoted name")
    }

    // MARK: filters

    private mutating func parseOr() throws -> FilterExpression {
        var left = try parseAnd()
        while true {
            skipSpaces()
            if i + 1 < chars.count, chars[i] == "|", chars[i + 1] == "|" {
                i += 2
                try countFilterOperator()
                left = .or(left, try parseAnd())
            } else { return left }
        }
    }

    private mutating func parseAnd() throws -> FilterExpression {
        var left = try parseUnary()
        while true {
            skipSpaces()
            if i + 1 < chars.count, chars[i] == "&", chars[i + 1] == "&" {
                i += 2
                try countFilterOperator()
                left = .and(left, try parseUnary())
            } else { return left }
        }
    }

    private mutating func parseUnary() throws -> FilterExpression {
        skipSpaces()
        guard i < chars.count else { throw fail("unterminated filter") }
        if chars[i] == "!" {
            i += 1
            try countFilterOperator()
            return .not(try parseUnary())
        }
        if chars[i] == "(" {
            i += 1
            try countFilterOperator()
            let e = try parseOr()
            skipSpaces()
            guard i < chars.count, chars[i] == ")" else { throw fail("unbalanced parentheses in filter") }
            i += 1
            return e
        }
        let left = try parseOperand()
        skipSpaces()
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            let opChars = Array(op)
            if i + opChars.count <= chars.count, Array(chars[i..<(i + opChars.count)]) == opChars {
                i += opChars.count
                let right = try parseOperand()
                guard let o = FilterExpression.Operator(rawValue: op) else { throw fail("unknown operator") }
                return .compare(left, o, right)
            }
        }
        return .exists(left)
    }

    private mutating func parseOperand() throws -> FilterOperand {
        skipSpaces()
        guard i < chars.count else { throw fail("missing filter operand") }
        let c = chars[i]
        if c == "@" {
            i += 1
            let segments = try parseSegments(stopAt: [")", "=", "!", "<", ">", "&", "|"])
            return .current(segments)
        }
        if c == "'" || c == "\"" { return .literal(.string(try readQuoted())) }
        var token = ""
        while i < chars.count, !" )=!<>&|".contains(chars[i]) { token.append(chars[i]); i += 1 }
        switch token {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "null": return .literal(.null)
        default:
            if let n = Int(token) { return .literal(.number(.integer(n))) }
            if let d = Double(token) { return .literal(.number(.double(d))) }
            throw fail("invalid filter operand '\(token)'")
        }
    }
}
