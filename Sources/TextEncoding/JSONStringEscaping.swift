/// JSON string literals (RFC 8259): the one escaper, for the state-machine engine's serializer,
/// structured logs, database extracts and `parquet` inspection output.
public enum JSONStringEscaping {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = ""
        append(text, to: &out)
        return out
    }

    /// Appends `text` as a JSON string literal: `"` and `\` escaped, control characters as
    /// `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`, everything else (non-ASCII included) as it is.
    public static func append(_ text: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: one scan over the bytes, then a single append.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.unicodeScalars.append(HexDigits.scalars[Int(scalar.value >> 4)])
                    out.unicodeScalars.append(HexDigits.scalars[Int(scalar.value & 0x0F)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
