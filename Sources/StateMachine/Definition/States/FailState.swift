/// Fail: ends the execution with an error name and cause, literal or computed.
extension DefinitionParser {
    /// The intrinsics AWS accepts in a Fail state's ErrorPath and CausePath (they return strings).
    static let failIntrinsics: Set<IntrinsicFunction> = [.format, .jsonToString, .arrayGetItem, .base64Encode,
                                                         .base64Decode, .hash, .uuid]

    mutating func parseFail(_ o: JSONObject, path: String, into s: State) {
        for (literal, computed) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
            exclusive(o, literal, path: path)
            if let v = o[literal], v.stringValue == nil { add(path, literal, "must be a string") }
            guard let v = o[computed] else { continue }
            guard let text = v.stringValue else {
                add(path, computed, "must be a reference path or an intrinsic function call")
                continue
            }
            let expression: ValueExpression?
            if text.hasPrefix("$") {
                do {
                    let parsed = try JSONPath(text)
                    noteReference(parsed, path: path, field: computed)
                    expression = .path(parsed)
                } catch {
                    add(path, computed, "\(error)")
                    expression = nil
                }
            } else if let call = intrinsic(text, path: path, field: computed) {
                if Self.failIntrinsics.contains(call.function) {
                    expression = .intrinsic(call)
                } else {
                    add(path, computed, "\(call.function.rawValue) cannot be used here (allowed: "
                        + "\(Self.failIntrinsics.map(\.rawValue).sorted().joined(separator: ", ")))")
                    expression = nil
                }
            } else {
                expression = nil
            }
            if literal == "Error" { s.failErrorPath = expression } else { s.failCausePath = expression }
        }
        s.failError = o["Error"]?.stringValue
        s.failCause = o["Cause"]?.stringValue
    }
}
