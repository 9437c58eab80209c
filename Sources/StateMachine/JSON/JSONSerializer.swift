import TextEncoding

/// Compact JSON output.
enum JSONSerializer {
    static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.description
        case .string(let s): writeString(s, to: &out)
        case .array(let a):
            out += "["
            var first = true
            for element in a {
                if !first { out += "," }
                first = false
                write(element, to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (key, element) in o {
                if !first { out += "," }
                first = false
                writeString(key, to: &out)
                out += ":"
                write(element, to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        JSONStringEscaping.append(s, to: &out)
    }
}
