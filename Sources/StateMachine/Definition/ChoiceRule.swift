import CivilCalendar
import Foundation

/// One Choice rule: a boolean combination or a single comparison of a variable.
indirect enum ChoiceRule: Sendable {
    case and([ChoiceRule])
    case or([ChoiceRule])
    case not(ChoiceRule)
    case comparison(variable: JSONPath, op: ComparisonOperator, operand: Operand)

    enum Operand: Sendable {
        case value(JSONValue)
        case path(JSONPath)
    }

    /// Evaluates the rule; a missing variable is a runtime error except for IsPresent.
    func matches(input: JSONValue, scope: PathScope) throws -> Bool {
        switch self {
        case .and(let rules):
            for r in rules where try !r.matches(input: input, scope: scope) { return false }
            return true
        case .or(let rules):
            for r in rules where try r.matches(input: input, scope: scope) { return true }
            return false
        case .not(let rule):
            return try !rule.matches(input: input, scope: scope)
        case .comparison(let variable, let op, let operand):
            let value = variable.select(input, scope)
            if op == .isPresent {
                guard case .value(.bool(let expected)) = operand else { return false }
                return (value != nil) == expected
            }
            guard let value else {
                throw StatesError.runtime("Invalid path '\(variable.text)': The choice state's condition path references an invalid value.")
            }
            let expected: JSONValue
            switch operand {
            case .value(let v): expected = v
            case .path(let p):
                guard let v = p.select(input, scope) else {
                    throw StatesError.runtime("Invalid path '\(p.text)': The choice state's condition path references an invalid value.")
                }
                // A literal operand of the wrong type is a definition error; through a path it
                // can only be found now, and AWS fails the execution rather than reading "no match".
                guard v.typeName == op.operandType else {
                    throw StatesError.runtime("Invalid path '\(p.text)': \(op.rawValue)Path compares against a \(op.operandType), "
                                              + "the path selects a \(v.typeName)")
                }
                expected = v
            }
            return op.compare(value, expected)
        }
    }
}

/// The Choice comparison operators (each `…Path` variant shares its operator).
enum ComparisonOperator: String, Sendable, CaseIterable {
    case stringEquals = "StringEquals", stringLessThan = "StringLessThan", stringGreaterThan = "StringGreaterThan"
    case stringLessThanEquals = "StringLessThanEquals", stringGreaterThanEquals = "StringGreaterThanEquals"
    case stringMatches = "StringMatches"
    case numericEquals = "NumericEquals", numericLessThan = "NumericLessThan", numericGreaterThan = "NumericGreaterThan"
    case numericLessThanEquals = "NumericLessThanEquals", numericGreaterThanEquals = "NumericGreaterThanEquals"
    case booleanEquals = "BooleanEquals"
    case timestampEquals = "TimestampEquals", timestampLessThan = "TimestampLessThan", timestampGreaterThan = "TimestampGreaterThan"
    case timestampLessThanEquals = "TimestampLessThanEquals", timestampGreaterThanEquals = "TimestampGreaterThanEquals"
    case isNull = "IsNull", isPresent = "IsPresent", isNumeric = "IsNumeric", isString = "IsString"
    case isBoolean = "IsBoolean", isTimestamp = "IsTimestamp"

    /// True when the operator also exists as `<name>Path`.
    var hasPathVariant: Bool {
        switch self {
        case .stringMatches, .isNull, .isPresent, .isNumeric, .isString, .isBoolean, .isTimestamp: return false
        default: return true
        }
    }

    /// The JSON type the literal operand must have.
    var operandType: String {
        switch self {
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals,
             .stringMatches, .timestampEquals, .timestampLessThan, .timestampGreaterThan,
             .timestampLessThanEquals, .timestampGreaterThanEquals:
            return "string"
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            return "number"
        default:
            return "boolean"
        }
    }

    /// Finds the operator for a rule field name such as `NumericEqualsPath`.
    static func lookup(_ field: String) -> (ComparisonOperator, isPath: Bool)? {
        if let op = ComparisonOperator(rawValue: field) { return (op, false) }
        if field.hasSuffix("Path"), let op = ComparisonOperator(rawValue: String(field.dropLast(4))), op.hasPathVariant {
            return (op, true)
        }
        return nil
    }

    func compare(_ value: JSONValue, _ expected: JSONValue) -> Bool {
        switch self {
        case .isNull: return (value == .null) == (expected.boolValue ?? false)
        case .isPresent: return true
        case .isNumeric: return (value.numberValue != nil) == (expected.boolValue ?? false)
        case .isString: return (value.stringValue != nil) == (expected.boolValue ?? false)
        case .isBoolean: return (value.boolValue != nil) == (expected.boolValue ?? false)
        case .isTimestamp:
            let isTimestamp = value.stringValue.flatMap(RFC3339.parse) != nil
            return isTimestamp == (expected.boolValue ?? false)
        case .booleanEquals:
            guard case .bool(let a) = value, case .bool(let b) = expected else { return false }
            return a == b
        case .stringMatches:
            guard case .string(let a) = value, case .string(let pattern) = expected else { return false }
            return WildcardPattern.matches(a, pattern: pattern)
        case .stringEquals, .stringLessThan, .stringGreaterThan, .stringLessThanEquals, .stringGreaterThanEquals:
            guard case .string(let a) = value, case .string(let b) = expected else { return false }
            // Compare by UTF-16 code unit, as the service (Java) does, not by Swift's canonical ordering.
            let c = Self.utf16Compare(a, b)
            return check(c)
        case .numericEquals, .numericLessThan, .numericGreaterThan, .numericLessThanEquals, .numericGreaterThanEquals:
            guard case .number(let a) = value, case .number(let b) = expected else { return false }
            return check(a.compare(b))
        case .timestampEquals, .timestampLessThan, .timestampGreaterThan, .timestampLessThanEquals, .timestampGreaterThanEquals:
            guard case .string(let a) = value, case .string(let b) = expected,
                  let ta = RFC3339.parse(a), let tb = RFC3339.parse(b) else { return false }
            return check(ta < tb ? -1 : (ta > tb ? 1 : 0))
        }
    }

    private func check(_ c: Int) -> Bool {
        switch self {
        case .stringEquals, .numericEquals, .timestampEquals: return c == 0
        case .stringLessThan, .numericLessThan, .timestampLessThan: return c < 0
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return c > 0
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return c <= 0
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: return c >= 0
        default: return false
        }
    }

    /// Java's `String.compareTo`, which the AWS guide names as the rule for string comparisons:
    /// UTF-16 code units in order, so a character beyond U+FFFF (a surrogate pair, 0xD800…)
    /// sorts before U+E000…U+FFFF, unlike a comparison by Unicode scalar.
    private static func utf16Compare(_ a: String, _ b: String) -> Int {
        var ia = a.utf16.makeIterator(), ib = b.utf16.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }
}

/// `StringMatches` patterns: `*` matches any run of characters; `\*` and `\\` are literals.
enum WildcardPattern {
    enum Token: Equatable { case literal(Character), star }

    static func tokens(_ pattern: String) -> [Token] {
        var out: [Token] = []
        var escaped = false
        for c in pattern {
            if escaped { out.append(.literal(c)); escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            out.append(c == "*" ? .star : .literal(c))
        }
        if escaped { out.append(.literal("\\")) }
        return out
    }

    static func matches(_ text: String, pattern: String) -> Bool {
        let t = Array(text), p = tokens(pattern)
        var ti = 0, pi = 0, starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count, case .literal(let c) = p[pi], c == t[ti] {
                ti += 1; pi += 1
            } else if pi < p.count, p[pi] == .star {
                starP = pi; starT = ti; pi += 1
            } else if starP >= 0 {
                pi = starP + 1; starT += 1; ti = starT
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == .star { pi += 1 }
        return pi == p.count
    }
}

/// RFC 3339 timestamps as ASL accepts them: `2026-11-25T19:27:50Z`, optional fraction,
/// `Z` or a numeric offset, uppercase `T`.
enum RFC3339 {
    static func parse(_ s: String) -> Date? {
        let c = Array(s.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= c.count else { return nil }
            var v = 0
            for k in at..<(at + n) {
                guard c[k] >= 0x30, c[k] <= 0x39 else { return nil }
                v = v * 10 + Int(c[k] - 0x30)
            }
            return v
        }
        guard c.count >= 20,
              let year = digits(0, 4), c[4] == UInt8(ascii: "-"), let month = digits(5, 2), c[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), c[10] == UInt8(ascii: "T"), let hour = digits(11, 2), c[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), c[16] == UInt8(ascii: ":"), let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month), hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < c.count, c[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 { fraction += Double(c[i] - 0x30) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < c.count else { return nil }
        var offset = 0
        if c[i] == UInt8(ascii: "Z") {
            i += 1
        } else if c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") {
            let sign = c[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(i + 1, 2), i + 3 < c.count, c[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                  oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            i += 6
        } else {
            return nil
        }
        guard i == c.count else { return nil }
        let days = Int(CivilDate.days(year: year, month: month, day: day))
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats a date the way the context object shows times: UTC, millisecond precision, `Z`.
    /// Hand-rolled because it runs for every state that reads `$$`, where a formatter is costly.
    static func format(_ date: Date) -> String {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = totalMillis >= 0 ? totalMillis / 86_400_000 : (totalMillis - 86_399_999) / 86_400_000
        let millisOfDay = totalMillis - days * 86_400_000
        let (year, month, day) = CivilDate.civil(days: Int64(days))
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let seconds = millisOfDay / 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):"
            + "\(pad(seconds % 60, 2)).\(pad(millisOfDay % 1000, 3))Z"
    }
}
