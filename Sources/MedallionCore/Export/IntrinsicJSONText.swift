import StateMachine

/// A Task's step input (its `Parameters` template applied to the effective input, or that input
/// itself) as JSON text computed by Step Functions intrinsic functions: what the exported ECS flow
/// writes to the lake for `medallion task --input @s3://…`, since ASL has no "this template as
/// text" of its own.
enum IntrinsicJSONText {
    /// The S3 putObject `Body` of a step input: `Body.$` with an intrinsic giving the step input
    /// as JSON text, or a literal `Body` when the Task's Parameters hold no path at all.
    static func body(_ template: JSONValue?, task: String) throws -> (String, JSONValue) {
        if let template, !containsPath(template) { return ("Body", .string(template.serialized())) }
        return ("Body.$", .string(try expression(template, task: task)))
    }

    private static func containsPath(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): return object.contains { $0.key.hasSuffix(".$") || containsPath($0.value) }
        case .array(let elements): return elements.contains(where: containsPath)
        default: return false
        }
    }

    /// An intrinsic expression whose value is the step input as JSON text: the effective input
    /// itself, or the Task's `Parameters` template written out by `States.Format` with each
    /// path's value as `States.JsonToString`.
    static func expression(_ template: JSONValue?, task: String) throws -> String {
        guard let template else { return "States.JsonToString($)" }
        var text = ""
        var arguments: [String] = []
        try appendTemplate(template, field: "", task: task, text: &text, arguments: &arguments)
        if arguments.isEmpty { return "'\(text)'" }
        return "States.Format('\(text)', \(arguments.joined(separator: ", ")))"
    }

    private static func appendTemplate(_ value: JSONValue, field: String, task: String, text: inout String, arguments: inout [String]) throws {
        switch value {
        case .object(let object):
            text += "\\{"
            for (index, member) in object.enumerated() {
                if index > 0 { text += "," }
                let name = field.isEmpty ? member.key : "\(field).\(member.key)"
                if member.key.hasSuffix(".$") {
                    guard case .string(let path) = member.value, path.hasPrefix("$") else {
                        throw ExportError.unsupportedParameter(task: task, field: name, reason: "only a path can be turned into JSON text here, not an intrinsic function")
                    }
                    text += literal(JSONValue.string(String(member.key.dropLast(2))).serialized()) + ":{}"
                    arguments.append("States.JsonToString(\(path))")
                } else {
                    text += literal(JSONValue.string(member.key).serialized()) + ":"
                    try appendTemplate(member.value, field: name, task: task, text: &text, arguments: &arguments)
                }
            }
            text += "\\}"
        case .array(let elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                try appendTemplate(element, field: "\(field)[\(index)]", task: task, text: &text, arguments: &arguments)
            }
            text += "]"
        default:
            text += literal(value.serialized())
        }
    }

    /// Escapes what an intrinsic function's string literal reserves: `'`, `{`, `}` and `\`.
    static func literal(_ text: String) -> String {
        var out = ""
        for character in text {
            if "'{}\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

}
