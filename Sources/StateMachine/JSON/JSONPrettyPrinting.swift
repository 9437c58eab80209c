extension JSONValue {
    /// JSON indented by `indent` spaces per level, keys in insertion order, for files people
    /// read and diff (exported definitions and templates); the engine itself uses `serialized()`.
    public func prettySerialized(indent: Int = 2) -> String {
        var out = ""
        Self.writePretty(self, depth: 0, indent: indent, to: &out)
        return out
    }

    private static func writePretty(_ value: JSONValue, depth: Int, indent: Int, to out: inout String) {
        let inner = String(repeating: " ", count: (depth + 1) * indent)
        let closing = String(repeating: " ", count: depth * indent)
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (index, element) in elements.enumerated() {
                out += inner
                writePretty(element, depth: depth + 1, indent: indent, to: &out)
                out += index == elements.count - 1 ? "\n" : ",\n"
            }
            out += closing + "]"
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (index, member) in object.enumerated() {
                out += inner
                JSONSerializer.writeString(member.key, to: &out)
                out += ": "
                writePretty(member.value, depth: depth + 1, indent: indent, to: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        default:
            JSONSerializer.write(value, to: &out)
        }
    }
}
