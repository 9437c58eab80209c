/// Just enough XML for S3's flat response documents (ListBucketResult, Error,
/// InitiateMultipartUploadResult, DeleteResult): element text by name, entities decoded; and the
/// one markup escaper, which the HTML report uses too.
public enum XMLText {
    /// The raw inner text of every `<name>…</name>` element, in document order.
    static func elements(_ name: String, in text: Substring) -> [Substring] {
        let open = "<\(name)>", close = "</\(name)>"
        var results: [Substring] = []
        var cursor = text.startIndex
        while let start = text.range(of: open, range: cursor..<text.endIndex),
              let end = text.range(of: close, range: start.upperBound..<text.endIndex) {
            results.append(text[start.upperBound..<end.lowerBound])
            cursor = end.upperBound
        }
        return results
    }

    /// The decoded text of the first `<name>` element.
    static func value(_ name: String, in text: Substring) -> String? {
        elements(name, in: text).first.map { decode($0) }
    }

    static func decode(_ raw: Substring) -> String {
        guard raw.contains("&") else { return String(raw) }
        var out = ""
        var index = raw.startIndex
        while index < raw.endIndex {
            let character = raw[index]
            if character == "&", let semicolon = raw[index...].firstIndex(of: ";") {
                let entity = raw[raw.index(after: index)..<semicolon]
                var replacement: String?
                switch entity {
                case "amp": replacement = "&"
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                default:
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16),
                       let scalar = Unicode.Scalar(code) {
                        replacement = String(Character(scalar))
                    } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                        replacement = String(Character(scalar))
                    }
                }
                if let replacement {
                    out += replacement
                    index = raw.index(after: semicolon)
                    continue
                }
            }
            out.append(character)
            index = raw.index(after: index)
        }
        return out
    }

    /// Text or an attribute value with `& < > " '` escaped: safe in XML, HTML and inline SVG.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
