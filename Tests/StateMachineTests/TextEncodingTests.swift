import Foundation
import Testing
import TextEncoding

/// The one hex encoder and the one JSON string escaper, checked against Foundation: every
/// escaped string must parse back (JSONSerialization) to exactly the text it came from.
@Suite struct TextEncodingTests {
    @Test func hexIsTwoLowercaseDigitsPerByte() {
        #expect([UInt8]().hexString == "")
        #expect([0x00, 0x0F, 0x10, 0xA5, 0xFF].hexString == "000f10a5ff")
        #expect(Array(0...255).map(UInt8.init).hexString == (0...255).map { String(format: "%02x", $0) }.joined())
    }

    @Test func escapedStringsParseBackToTheSameText() throws {
        var texts = ["", "plain", "quote \" and backslash \\", "é ü 😀 \u{2028}", "slash / stays"]
        texts.append(String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }))
        texts += (0..<0x20).map { "a\(Character(Unicode.Scalar(UInt8($0))))b" }
        for text in texts {
            let literal = JSONStringEscaping.quoted(text)
            let parsed = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String
            #expect(parsed == text, "\(literal)")
            // Control characters never appear raw (RFC 8259 forbids them in strings).
            #expect(!literal.unicodeScalars.contains { $0.value < 0x20 }, "\(literal)")
        }
        #expect(JSONStringEscaping.quoted("\u{08}\u{0C}\n\r\t\u{01}\u{1F}") == #""\b\f\n\r\t\u0001\u001f""#)
        var out = "["
        JSONStringEscaping.append("x", to: &out)
        #expect(out == #"["x""#)
    }
}
