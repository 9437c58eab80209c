import Testing
import Transform

@Suite struct BooleanCastTests {
    @Test(arguments: [
        ("true", true), ("TRUE", true), ("True", true), ("tRuE", true), ("false", false), ("FALSE", false),
        ("1", true), ("0", false), ("yes", true), ("YES", true), ("Yes", true), ("no", false), ("NO", false),
        ("y", true), ("Y", true), ("n", false), ("N", false),
    ])
    func accepts(_ text: String, _ expected: Bool) {
        #expect(CastInput.boolean(text) == expected)
    }

    @Test(arguments: [
        "", "t", "f", "T", "F", "on", "off", "2", "-1", "01", "00", "10", "truE ", " true", "yess", "ye", "nO!",
        "tru", "fals", "falsee", "true1", "ñ", "Ｙ", "\u{0}", "y\u{0}",
    ])
    func rejects(_ text: String) {
        #expect(CastInput.boolean(text) == nil, "\(text.debugDescription)")
    }
}
