import Testing
import Transform

@Suite struct TrimTests {
    @Test(arguments: [
        ("abc", "abc"), (" abc ", "abc"), ("\t\r\n abc \u{0B}\u{0C}", "abc"), ("a b", "a b"),
        ("", ""), ("   ", ""), ("\t\n", ""), (" a\tb ", "a\tb"),
    ])
    func trimsASCIIWhitespace(_ input: String, _ expected: String) {
        #expect(CastInput.trimmed(input) == expected)
    }

    /// Unicode spaces are not ASCII whitespace: they stay (DuckDB's trim() would remove them).
    @Test(arguments: ["\u{A0}a", "a\u{3000}", "\u{2003}a\u{2003}", "\u{FEFF}a", "\u{85}a"])
    func keepsUnicodeSpaces(_ input: String) {
        #expect(CastInput.trimmed(input) == input)
    }

    @Test func emptyInputGivesEmptyOutput() {
        let empty: [UInt8] = []
        empty.withUnsafeBytes { #expect(ValueCasts.trimmed($0).isEmpty) }
    }
}
