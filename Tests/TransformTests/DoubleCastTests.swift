import Testing
import Transform
import TestSupport

@Suite struct DoubleCastTests {
    @Test(arguments: [
        ("1", 1), ("-1.5", -1.5), (".5", 0.5), ("5.", 5), ("+.5", 0.5), ("1e10", 1e10), ("1.5E-3", 1.5e-3),
        ("1E+05", 1e5), ("+1e+5", 1e5), ("00.5", 0.5), ("0.1", 0.1), ("0.3", 0.3),
        ("123456789012345678", 123456789012345680), ("0.30000000000000004", 0.30000000000000004),
        ("3.141592653589793238462643383279", 3.141592653589793), ("1e22", 1e22), ("1e23", 1e23),
        ("1.7976931348623157e308", 1.7976931348623157e308), ("4.9e-324", 0x1p-1074),
        ("2.2250738585072014e-308", 2.2250738585072014e-308),
        ("9007199254740993", 9007199254740992), // 2^53 + 1 rounds to even
        ("1e-400", 0), ("0e999999999999", 0), ("0.000000000000000000000000000001", 1e-30),
        ("100000000000000000000000000000000000000000000000000", 1e50),
    ] as [(String, Double)])
    func accepts(_ text: String, _ expected: Double) throws {
        let value = try #require(CastInput.double(text), "\(text)")
        #expect(value.bitPattern == expected.bitPattern, "\(text): \(value) != \(expected)")
    }

    @Test func keepsTheSignOfZero() throws {
        #expect(try #require(CastInput.double("-0")).bitPattern == (-0.0).bitPattern)
        #expect(try #require(CastInput.double("-0.000e5")).bitPattern == (-0.0).bitPattern)
        #expect(try #require(CastInput.double("-1e-400")).bitPattern == (-0.0).bitPattern)
        #expect(try #require(CastInput.double("0")).bitPattern == (0.0).bitPattern)
    }

    @Test(arguments: [
        "", ".", "+", "-", "+.", "e5", ".e5", "1e", "1e+", "1e-", "1.5.2", "1..5", "1e5e5", "1e5.5",
        "nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "0x1p3", "0x10", "1_0.5", "1,5",
        "1.5d", "1.5f", " 1.5", "1.5 ", "1e309", "-1e309", "1.8e308", "1e999999999999999999", "++1", "１",
    ])
    func rejects(_ text: String) {
        #expect(CastInput.double(text) == nil, "\(text.debugDescription)")
    }

    /// The fast path and the standard library's conversion must agree on every shape of input.
    @Test func agreesWithTheStandardLibraryOnRandomInputs() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        for _ in 0..<20_000 {
            let mantissaDigits = Int.random(in: 1...22, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            let dot = Int.random(in: 0...mantissaDigits, using: &generator)
            for position in 0..<mantissaDigits {
                if position == dot { text += "." }
                text += String(Int.random(in: 0...9, using: &generator))
            }
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -330...310, using: &generator))" }
            let expected = Double(text)
            let ours = CastInput.double(text)
            if let expected, expected.isFinite {
                #expect(ours?.bitPattern == expected.bitPattern, "\(text)")
            } else {
                #expect(ours == nil, "\(text)")
            }
        }
    }
}
