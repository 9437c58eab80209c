import Foundation
@testable import StateMachine
import TestSupport

/// Seeded mutations of valid state-machine inputs (definition JSON, paths, intrinsic calls),
/// shared by the fuzz suites of this target: the same seed gives the same mutants.
///
/// Byte mutations flip, insert, delete, truncate, duplicate fragments and inject tokens
/// (structural characters, extreme numbers, pieces of the grammar); tree mutations rewrite a
/// parsed JSON document so that the result is still JSON and reaches the validator.
struct FuzzMutator {
    var rng: TestSupport.SeededGenerator
    /// Tokens worth injecting for the grammar under test.
    let tokens: [String]
    /// Mutants are cut to this many bytes, which bounds the work per input.
    let maxLength: Int

    init(seed: UInt64, tokens: [String], maxLength: Int) {
        rng = TestSupport.SeededGenerator(seed: seed)
        self.tokens = tokens + Self.numbers + Self.structural
        self.maxLength = maxLength
    }

    /// Numbers at the edges: Int and Double limits, just past them, NaN-like spellings.
    static let numbers = [
        "0", "-0", "1", "-1", "2", "1000", "1001", "-1000", "65535", "2147483647", "-2147483648", "4294967296",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999999", "1e308", "-1e308", "1e309", "1e-400", "4.9e-324",
        "0.5", "2.5", "-2.5", "1.0", "1e3", "9.2e18", "9.3e18", "-9.3e18", "NaN", "Infinity", "-Infinity", "0x10", "1_000",
    ]

    /// Characters that open, close or separate something in JSON, JSONPath or intrinsics.
    static let structural = [
        "{", "}", "[", "]", "(", ")", "\"", "'", ",", ":", ".", "..", "$", "$$", "@", "*", "?", "\\", "\\'", "\\{", "\\u",
        "\\ud800", "\\u0000", " ", "\n", "\t", "\u{0}", "\u{7f}", "é", "😀", "\u{FFFD}", "{}", "[]", "()", "''", "\"\"",
    ]

    // MARK: bytes

    /// One to four byte mutations of `seed` (one, half of the time, so that many mutants stay
    /// close enough to the grammar to get past the parser).
    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        mutate(seed, after: 0)
    }

    /// `mutate`, leaving the first `start` bytes alone (a function's name, a path's `$`).
    mutating func mutate(_ seed: [UInt8], after start: Int) -> [UInt8] {
        let kept = seed.prefix(start)
        var bytes = Array(seed.dropFirst(start))
        let rounds = Bool.random(using: &rng) ? 1 : Int.random(in: 2...4, using: &rng)
        for _ in 0..<rounds { mutateOnce(&bytes) }
        bytes = kept + bytes
        if bytes.count > maxLength { bytes.removeSubrange(maxLength...) }
        return bytes
    }

    /// `mutate` over the UTF-8 of `seed`, decoded back leniently (invalid UTF-8 becomes U+FFFD).
    mutating func mutate(_ seed: String) -> String {
        String(decoding: mutate(Array(seed.utf8)), as: UTF8.self)
    }

    /// One or two whole tokens of `seed` after its first `start` bytes (an argument, a name, a
    /// number) replaced with `replacements`: mutants that stay in the grammar and so reach
    /// evaluation with values chosen to break it.
    mutating func replaceTokens(_ seed: [UInt8], after start: Int, with replacements: [String],
                                separators: Set<UInt8> = FuzzMutator.separators) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...2, using: &rng) where bytes.count > start {
            var from = Int.random(in: start..<bytes.count, using: &rng)
            while from > start, !separators.contains(bytes[from - 1]) { from -= 1 }
            var end = from
            while end < bytes.count, !separators.contains(bytes[end]) { end += 1 }
            let replacement = replacements[Int.random(in: 0..<replacements.count, using: &rng)]
            bytes.replaceSubrange(from..<end, with: Array(replacement.utf8))
        }
        if bytes.count > maxLength { bytes.removeSubrange(maxLength...) }
        return bytes
    }

    private mutating func position(in bytes: [UInt8]) -> Int { Int.random(in: 0...bytes.count, using: &rng) }

    private mutating func token() -> [UInt8] {
        Array(tokens[Int.random(in: 0..<tokens.count, using: &rng)].utf8)
    }

    /// Bytes that end a token in JSON, paths and intrinsic calls.
    static let separators = Set(" ,()[]{}'\":.".utf8)

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        switch Int.random(in: 0..<12, using: &rng) {
        case 10...11 where !bytes.isEmpty:
            // Replace a whole token (an argument, a member name, a number) with another.
            var start = Int.random(in: 0..<bytes.count, using: &rng)
            while start > 0, !Self.separators.contains(bytes[start - 1]) { start -= 1 }
            var end = start
            while end < bytes.count, !Self.separators.contains(bytes[end]) { end += 1 }
            bytes.replaceSubrange(start..<end, with: token())
        case 0 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case 1 where !bytes.isEmpty:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 2:
            let random = (0..<Int.random(in: 1...4, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.insert(contentsOf: random, at: position(in: bytes))
        case 3 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...16, using: &rng)))
        case 4 where !bytes.isEmpty:
            bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
        case 5 where !bytes.isEmpty:
            // Duplicate a fragment somewhere else (repeats nesting, members, arguments).
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            let fragment = Array(bytes[start..<min(bytes.count, start + Int.random(in: 1...64, using: &rng))])
            bytes.insert(contentsOf: fragment, at: position(in: bytes))
        case 6 where !bytes.isEmpty:
            // Overwrite a short run with a token.
            let start = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.replaceSubrange(start..<min(bytes.count, start + Int.random(in: 0...4, using: &rng)), with: token())
        default:
            bytes.insert(contentsOf: token(), at: position(in: bytes))
        }
    }

    // MARK: JSON trees

    /// One to three structural edits of a JSON document (one, half of the time); the result is
    /// still JSON.
    mutating func mutateTree(_ value: JSONValue, fieldNames: [String]) -> JSONValue {
        var tree = value
        let rounds = Bool.random(using: &rng) ? 1 : Int.random(in: 2...3, using: &rng)
        for _ in 0..<rounds {
            let donor = randomSubtree(of: tree)
            tree = edit(tree, donor: donor, fieldNames: fieldNames, depth: 0)
        }
        return tree
    }

    /// A random node of `value` (the root is as likely as any level).
    private mutating func randomSubtree(of value: JSONValue) -> JSONValue {
        var current = value
        while Int.random(in: 0..<4, using: &rng) != 0 {
            switch current {
            case .object(let o) where !o.isEmpty:
                current = Array(o)[Int.random(in: 0..<o.count, using: &rng)].value
            case .array(let a) where !a.isEmpty:
                current = a[Int.random(in: 0..<a.count, using: &rng)]
            default:
                return current
            }
        }
        return current
    }

    /// Walks down a random branch and edits the node where it stops.
    private mutating func edit(_ value: JSONValue, donor: JSONValue, fieldNames: [String], depth: Int) -> JSONValue {
        let descend = depth < 64 && Int.random(in: 0..<3, using: &rng) != 0
        switch value {
        case .object(var o) where descend && !o.isEmpty:
            let key = o.keys[Int.random(in: 0..<o.count, using: &rng)]
            if let child = o[key] { o[key] = edit(child, donor: donor, fieldNames: fieldNames, depth: depth + 1) }
            return .object(o)
        case .array(var a) where descend && !a.isEmpty:
            let i = Int.random(in: 0..<a.count, using: &rng)
            a[i] = edit(a[i], donor: donor, fieldNames: fieldNames, depth: depth + 1)
            return .array(a)
        default:
            break
        }
        switch Int.random(in: 0..<8, using: &rng) {
        case 0:
            return interestingValue()
        case 1:
            // Graft another part of the document here (a state inside a state, rules in rules).
            return donor
        case 2:
            guard case .object(var o) = value, !o.isEmpty else { return interestingValue() }
            o[o.keys[Int.random(in: 0..<o.count, using: &rng)]] = nil
            return .object(o)
        case 3:
            // Rename a member to a field name of the language.
            guard case .object(var o) = value, !o.isEmpty, !fieldNames.isEmpty else { return donor }
            let key = o.keys[Int.random(in: 0..<o.count, using: &rng)]
            let moved = o[key]
            o[key] = nil
            o[fieldNames[Int.random(in: 0..<fieldNames.count, using: &rng)]] = moved
            return .object(o)
        case 4:
            guard case .object(var o) = value, !fieldNames.isEmpty else { return .array([value, donor]) }
            o[fieldNames[Int.random(in: 0..<fieldNames.count, using: &rng)]] = Bool.random(using: &rng) ? donor : interestingValue()
            return .object(o)
        case 5:
            guard case .array(var a) = value else { return .array([value]) }
            a.append(contentsOf: Array(repeating: donor, count: Int.random(in: 1...3, using: &rng)))
            return .array(a)
        case 6:
            guard case .string(let s) = value else { return .string(String(describing: value)) }
            return .string(mutate(s))
        default:
            // Wrap in another level of nesting.
            return Bool.random(using: &rng) ? .array([value]) : .object(JSONObject([(randomToken(), value)]))
        }
    }

    private mutating func randomToken() -> String { tokens[Int.random(in: 0..<tokens.count, using: &rng)] }

    /// Scalars and small containers that break assumptions: extreme numbers, grammar tokens as
    /// strings, empty containers, long strings.
    private mutating func interestingValue() -> JSONValue {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(.integer([0, -1, 1, 1000, 1001, Int.max, Int.min, Int(Int32.max)][Int.random(in: 0..<8, using: &rng)]))
        case 3:
            let doubles = [0.5, -0.0, 1e308, -1e308, 2.5, 9.3e18, -9.3e18, .leastNonzeroMagnitude, 100.000001, 1e16]
            return .number(.double(doubles[Int.random(in: 0..<doubles.count, using: &rng)]))
        case 4: return .array([])
        case 5: return .object(JSONObject())
        case 6: return .string(String(repeating: randomToken(), count: Int.random(in: 1...200, using: &rng)))
        default: return .string(randomToken())
        }
    }
}
