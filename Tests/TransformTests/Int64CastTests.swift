import Testing
import Transform

@Suite struct Int64CastTests {
    @Test(arguments: [
        ("0", 0), ("7", 7), ("-7", -7), ("+7", 7), ("007", 7), ("-007", -7), ("-0", 0), ("+0", 0),
        ("123456789", 123_456_789),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
        ("+9223372036854775807", Int64.max), ("0009223372036854775807", Int64.max),
        ("00000000000000000000000000001", 1),
    ] as [(String, Int64)])
    func accepts(_ text: String, _ expected: Int64) {
        #expect(CastInput.int64(text) == expected)
    }

    @Test(arguments: [
        "", "+", "-", "+-1", "--1", "1-", "1.0", "1.", ".1", "1e3", "1E3", "0x10", "1_000", "1,000",
        " 1", "1 ", "\t1", "１", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999", "abc", "1a", "a1", "nan", "∞",
    ])
    func rejects(_ text: String) {
        #expect(CastInput.int64(text) == nil, "\(text.debugDescription)")
    }

    @Test func acceptsTrimmedWhitespace() {
        #expect(CastInput.with(" \t42\r\n") { ValueCasts.int64(ValueCasts.trimmed($0)) } == 42)
    }
}
