import Foundation
import Testing
@testable import Transform
import TestSupport

/// SimpleRegex must answer exactly as NSRegularExpression (ICU) does on its subset.
@Suite struct SimpleRegexTests {
    static func simple(_ pattern: String, _ input: String) -> Bool? {
        guard let regex = SimpleRegex.compile(pattern) else { return nil }
        var bytes = Array(input.utf8)
        return bytes.withUnsafeMutableBytes { regex.matches(UnsafeRawBufferPointer($0)) }
    }

    static func icu(_ regex: NSRegularExpression, _ input: String) -> Bool {
        regex.firstMatch(in: input, options: [], range: NSRange(input.startIndex..<input.endIndex, in: input)) != nil
    }

    // MARK: Features, with the answers spelled out

    @Test(arguments: [
        ("abc", "xabcx", true), ("abc", "abx", false), ("a\\.c", "a.c", true), ("a\\.c", "abc", false),
        ("\\-\\+\\*\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "-+*?()[]{}|^$\\", true), ("a\\ b", "a b", true),
        ("\\n", "a\nb", true), ("\\t", "a\tb", true), ("\\r", "a\rb", true), ("\\f", "\u{0C}", true), ("\\f", "f", false),
    ])
    func literalsAndEscapes(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    @Test(arguments: [
        ("^.$", "a", true), ("^.$", " ", true), ("^.$", "\t", true), ("^.$", "\u{7F}", true), ("^.$", "\u{0}", true),
        ("^a.b$", "a\nb", false), ("^a.b$", "a\rb", false), ("^a.b$", "a\u{0B}b", false), ("^a.b$", "a\u{0C}b", false),
        ("^.$", "", false),
    ])
    func dotStopsAtLineTerminators(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    @Test(arguments: [
        ("^[a-c]$", "b", true), ("^[a-c]$", "d", false), ("^[^a-c]$", "d", true), ("^[^a-c]$", "a", false),
        ("^[^a-c]$", "\n", true), ("^[-a]$", "-", true), ("^[a-]$", "-", true), ("^[a^]$", "^", true),
        ("^[.$*+?(){}|]$", "{", true), ("^[.$]$", "a", false), ("^[\\]]$", "]", true), ("^[\\-x]$", "-", true),
        ("^[0-9A-F]+$", "09AF", true), ("^[0-9A-F]+$", "09aF", false), ("^[\\d_]+$", "1_2", true),
    ])
    func characterClasses(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    @Test(arguments: [
        ("^\\d$", "7", true), ("^\\d$", "a", false), ("^\\D$", "a", true), ("^\\D$", "7", false),
        ("^\\w+$", "a_Z9", true), ("^\\w$", "-", false), ("^\\W$", "-", true), ("^\\W$", "_", false),
        ("^\\s+$", " \t\n\u{0B}\u{0C}\r", true), ("^\\s$", "\u{1C}", false), ("^\\S$", "\u{1C}", true), ("^\\S$", " ", false),
        ("^[\\s\\d]+$", "1 2", true), ("^[^\\s]+$", "a b", false), ("^[^\\D]+$", "123", true),
    ])
    func shorthandClasses(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    /// `$` (no MULTILINE) also holds before a line terminator that ends the input, and before a
    /// final \r\n, but not between its \r and \n.
    @Test(arguments: [
        ("^a$", "a", true), ("^a$", "a\n", true), ("^a$", "a\r", true), ("^a$", "a\r\n", true),
        ("^a$", "a\u{0B}", true), ("^a$", "a\u{0C}", true), ("^a$", "a\n\n", false), ("^a$", "a\t", false),
        ("^a$", "\na", false), ("^a\\r$", "a\r\n", false), ("^$", "", true), ("^$", "\n", true),
        ("^$", "\r\n", true), ("^$", "\n\n", false), ("a$\\n", "a\n", true), ("^b", "ab", false), ("a^b", "ab", false),
        ("$", "abc", true), ("^", "", true),
    ])
    func anchors(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    @Test(arguments: [
        ("^a*$", "", true), ("^a*$", "aaa", true), ("^a+$", "", false), ("^a+$", "aa", true), ("^ab?c$", "ac", true),
        ("^ab?c$", "abbc", false), ("^a{3}$", "aaa", true), ("^a{3}$", "aa", false), ("^a{2,}$", "aaaaa", true),
        ("^a{2,}$", "a", false), ("^a{2,3}$", "aaaa", false), ("^a{2,3}$", "aaa", true), ("^x{0}$", "", true),
        ("^x{0}$", "x", false), ("^a*?b$", "aab", true), ("^a{1,2}?$", "aa", true), ("^[0-9]{11}$", "12345678901", true),
        ("^[0-9]{11}$", "1234567890", false), ("^[0-9]{11}$", "123456789012", false),
    ])
    func quantifiers(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    @Test(arguments: [
        ("^(ANDA|NDA|BLA)", "NDA123", true), ("^(ANDA|NDA|BLA)", "XNDA", false), ("(ab|a)c", "ac", true),
        ("^(?:ab)+$", "abab", true), ("^(?:ab)+$", "aba", false), ("^(a|b)*c$", "abbac", true), ("a|", "zzz", true),
        ("^()$", "", true), ("^(ab){2,3}$", "ababab", true), ("^(ab){2,3}$", "ab", false), ("(a*)*b", "aab", true),
        ("(a*)*b", "aaa", false), ("a|^b|c$", "xbx", false), ("a|^b|c$", "xxc", true),
    ])
    func groupsAndAlternation(_ pattern: String, _ input: String, _ expected: Bool) {
        #expect(Self.simple(pattern, input) == expected)
    }

    // MARK: Outside the subset

    @Test(arguments: [
        "(?i)abc", "a(?=b)", "a(?!b)", "(?<=a)b", "(a)\\1", "a*+", "a++", "a{2}+", "\\bword\\b", "\\Bx", "\\p{L}",
        "\\P{L}", "\\x41", "\\u0041", "\\0101", "\\Qa.b\\E", "\\v", "\\h", "\\R", "\\X", "\\A", "\\z", "\\Z", "\\G",
        "\\N{LATIN SMALL LETTER A}", "(?<name>a)", "(?>a+)", "(?#comment)", "[[:alpha:]]", "[:alpha:]", "[a&&b]",
        "[a--b]", "[[a]]", "[a-c-e]", "[\\d-z]", "[a-\\d]", "[]a]", "[]", "[^]", "[z-a]", "a{", "a{,3}", "a{2,1}",
        "}", "]", "*a", "a**", "^*", "(a", "a)", "é", "caf[é]", "a\tb", "a{1001}", ".{64}", "(?:(?:){999}){999}",
        "\\", "[a", "a|*",
    ])
    func patternsOutsideTheSubsetCompileToNil(_ pattern: String) {
        #expect(SimpleRegex.compile(pattern) == nil)
    }

    @Test func sixtyThreeStatesFitSixtyFourDoNot() {
        #expect(SimpleRegex.compile(".{63}") != nil)
        #expect(SimpleRegex.compile(".{64}") == nil)
        #expect(SimpleRegex.compile("^[0-9]{5}(-[0-9]{4})?$") != nil)
    }

    // MARK: Non-ASCII input is left to ICU

    @Test(arguments: ["é", "café", "\u{85}", "a\u{2028}", "\u{FEFF}123", "١٢٣", "12345678901\u{A0}"])
    func nonASCIIInputGivesNil(_ input: String) {
        for pattern in ["^[0-9]{11}$", "a", "x{0}", "^.*$", ""] {
            #expect(Self.simple(pattern, input) == nil, "\(pattern)")
        }
    }

    @Test func invalidUTF8GivesNil() throws {
        let regex = try #require(SimpleRegex.compile("a"))
        let bytes: [UInt8] = [0x61, 0xFF]
        #expect(bytes.withUnsafeBytes { regex.matches($0) } == nil)
    }

    // MARK: Differential: the same answer as NSRegularExpression

    /// A pattern, an alphabet to draw inputs from (a repeated character is drawn more often),
    /// the longest input, and inputs that should match (tried as they are and with line ends).
    struct Case: Sendable, CustomStringConvertible {
        var pattern: String
        var alphabet: String
        var maxLength: Int
        var seeds: [String] = []
        var description: String { pattern.debugDescription }
    }

    static let cases: [Case] = [
        Case(pattern: "^[0-9]{11}$", alphabet: "00000000001x\n\r", maxLength: 13, seeds: ["12345678901"]),
        Case(pattern: "^CLM-[0-9]{7}$", alphabet: "CLM-00001x\n", maxLength: 13, seeds: ["CLM-1234567"]),
        Case(pattern: "^[A-Z]{2}\\d{3,5}$", alphabet: "AAZb0001-\n", maxLength: 9, seeds: ["AB123", "XY12345"]),
        Case(pattern: "@", alphabet: "a@.\n", maxLength: 6),
        Case(pattern: "^\\S+@\\S+\\.\\S+$", alphabet: "aa@.. \t\n\r", maxLength: 9, seeds: ["a@b.c", "x.y@b.c.d"]),
        Case(pattern: "^(ANDA|NDA|BLA)", alphabet: "ANDBL \n", maxLength: 6, seeds: ["ANDA1", "NDA", "BLA"]),
        Case(pattern: "a*", alphabet: "ab\n", maxLength: 4),
        Case(pattern: "^$", alphabet: "a\n\r", maxLength: 3),
        Case(pattern: "$", alphabet: "a\n\r", maxLength: 3),
        Case(pattern: "^", alphabet: "a\n", maxLength: 3),
        Case(pattern: "a$", alphabet: "aa\n\r\u{0B}\u{0C} ", maxLength: 4, seeds: ["a"]),
        Case(pattern: "^a$", alphabet: "aa\n\r\u{0B}\u{0C} ", maxLength: 4, seeds: ["a"]),
        Case(pattern: "^a\\r?$", alphabet: "a\r\n", maxLength: 4, seeds: ["a"]),
        Case(pattern: "a$\\n", alphabet: "a\n\r", maxLength: 4),
        Case(pattern: "^\\r$", alphabet: "\r\n", maxLength: 3),
        Case(pattern: "[^a-z]", alphabet: "aaz0A-\n", maxLength: 4),
        Case(pattern: "x{0}", alphabet: "x", maxLength: 3),
        Case(pattern: "^x{0}$", alphabet: "x\n", maxLength: 3),
        Case(pattern: "(ab|a)c", alphabet: "abc", maxLength: 6),
        Case(pattern: "a?a?aa", alphabet: "aab", maxLength: 6),
        Case(pattern: "^a?a?aa$", alphabet: "aaa\n", maxLength: 6),
        Case(pattern: "a.c", alphabet: "ac\n\r\t\u{0B}\u{0C}b", maxLength: 5),
        Case(pattern: "^.*$", alphabet: "ab\n\r", maxLength: 5),
        Case(pattern: "^.+$", alphabet: "ab\n\r\u{0C}", maxLength: 5),
        Case(pattern: "\\d+\\.\\d{2}", alphabet: "001.a", maxLength: 7, seeds: ["12.34"]),
        Case(pattern: "^\\w+$", alphabet: "aZ_9 -!\n", maxLength: 5),
        Case(pattern: "\\W", alphabet: "aa_9 -!\n", maxLength: 4),
        Case(pattern: "^\\s*$", alphabet: " \t\n\r\u{0B}\u{0C}\u{1C}a", maxLength: 4),
        Case(pattern: "\\S\\s\\S", alphabet: "a \t\n\u{1F}", maxLength: 5),
        Case(pattern: "^\\D+$", alphabet: "a1\n-", maxLength: 4),
        Case(pattern: "[\\d-]", alphabet: "1-a", maxLength: 3),
        Case(pattern: "^[\\w.-]+@", alphabet: "a.-@ !", maxLength: 6),
        Case(pattern: "[-a]b", alphabet: "-ab", maxLength: 4),
        Case(pattern: "[a^]", alphabet: "a^b", maxLength: 3),
        Case(pattern: "[.$*+?(){}|]", alphabet: ".$*x(", maxLength: 3),
        Case(pattern: "^(a|b)*c$", alphabet: "abc\n", maxLength: 6),
        Case(pattern: "^(?:ab)+$", alphabet: "ab\n", maxLength: 6),
        Case(pattern: "^(a|)+$", alphabet: "ab", maxLength: 5),
        Case(pattern: "(a*)*b", alphabet: "ab", maxLength: 6),
        Case(pattern: "^(ab){2,3}$", alphabet: "ab\n", maxLength: 8, seeds: ["abab", "ababab"]),
        Case(pattern: "a{2,}", alphabet: "aa\n", maxLength: 5),
        Case(pattern: "^a{1,3}b?$", alphabet: "ab\n", maxLength: 6),
        Case(pattern: "a|^b|c$", alphabet: "abc\n\r", maxLength: 4),
        Case(pattern: "^a$|^$", alphabet: "a\n\r", maxLength: 3),
        Case(pattern: "a*?b", alphabet: "ab", maxLength: 4),
        Case(pattern: "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", alphabet: "aa.@b_%+-", maxLength: 9,
             seeds: ["a@b.co", "a.b%c@d-e.fgh"]),
        Case(pattern: "^\\d{3}-\\d{2}-\\d{4}$", alphabet: "000-\n", maxLength: 12, seeds: ["123-45-6789"]),
        Case(pattern: "\\f|\\t", alphabet: "\u{0C}\ta", maxLength: 3),
        Case(pattern: "^[^\\s]+$", alphabet: "a \t\n", maxLength: 4),
        Case(pattern: "a\\ b", alphabet: "a b", maxLength: 4),
        Case(pattern: "^(\\d{4}|\\d{2})(-\\d\\d)?$", alphabet: "000-\n", maxLength: 8, seeds: ["2025-01", "25"]),
    ]

    static func inputs(for testCase: Case, count: Int) -> [String] {
        var generator = SeededGenerator(seed: UInt64(truncatingIfNeeded: testCase.pattern.utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
        let alphabet = Array(testCase.alphabet)
        var inputs = ["", "\n", "\r", "\r\n", "\n\n", " "]
        for seed in testCase.seeds {
            inputs += [seed, seed + "\n", seed + "\r\n", seed + "\r", seed + "\n\n", "\n" + seed, seed + " ", "x" + seed]
        }
        while inputs.count < count {
            let length = Int.random(in: 0...testCase.maxLength, using: &generator)
            inputs.append(String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }))
        }
        return inputs
    }

    @Test(arguments: cases)
    func agreesWithNSRegularExpression(_ testCase: Case) throws {
        let regex = try NSRegularExpression(pattern: testCase.pattern)
        let simple = try #require(SimpleRegex.compile(testCase.pattern), "should be in the subset")
        var matched = 0
        for input in Self.inputs(for: testCase, count: 300) {
            let expected = Self.icu(regex, input)
            let actual = Array(input.utf8).withUnsafeBytes { simple.matches($0) }
            #expect(actual == expected, "\(testCase.pattern.debugDescription) on \(input.debugDescription)")
            if expected { matched += 1 }
        }
        // The inputs should say something: some match (x{0} and friends match everything).
        #expect(matched > 0)
    }

    // MARK: Wiring: a `matches` expectation through Silver

    /// ASCII values go through SimpleRegex, others through ICU (whose \d takes Arabic-Indic
    /// digits), and patterns outside the subset through ICU alone.
    @Test func matchesExpectationUsesBothMatchers() throws {
        let directory = try TestDirectory()
        let rows: [[String?]] = [["CLM-12"], [" CLM-7 "], ["CLM-x"], [nil], ["CLM-١٢"], ["clm-3"], ["CLM-é"], ["CLM-1\n2"]]
        let bronze = try SilverTransformTests.bronze(rows, columns: ["id"], in: directory.url)
        func failed(_ pattern: String) throws -> Int64? {
            let plan = SilverPlan(columns: [SilverPlan.Column(source: "id", name: "id", type: .string)],
                                  expectations: [Expectation(name: "e", column: "id", check: .matches(pattern: pattern), action: .warn)])
            let outcome = try SilverTransformTests.run(plan, bronze: bronze, spill: directory.url)
            return outcome.report.expectations.first?.failed
        }
        #expect(SimpleRegex.compile("^CLM-\\d+$") != nil)
        #expect(try failed("^CLM-\\d+$") == 4) // CLM-x, clm-3, CLM-é, CLM-1\n2
        #expect(SimpleRegex.compile("(?i)^CLM-\\d+$") == nil)
        #expect(try failed("(?i)^CLM-\\d+$") == 3) // CLM-x, CLM-é, CLM-1\n2
    }
}
