/// A compiled `Parameters`, `ResultSelector` or `ItemSelector` object: fields whose names
/// end in `.$` take a path's value or an intrinsic call's result; the rest are copied.
indirect enum PayloadTemplate: Sendable {
    case literal(JSONValue)
    case path(JSONPath, field: String)
    case intrinsic(IntrinsicCall, field: String)
    case object([(key: String, value: PayloadTemplate)])
    /// An array holding at least one object with dynamic fields.
    case array([PayloadTemplate])

    func evaluate(input: JSONValue, scope: PathScope) throws -> JSONValue {
        switch self {
        case .literal(let v):
            return v
        case .path(let path, let field):
            guard let v = path.select(input, scope) else {
                throw StatesError.runtime("The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(truncated(path.isContextPath ? scope.context : input))'")
            }
            return v
        case .intrinsic(let call, _):
            return try IntrinsicEvaluator.evaluate(call, input: input, scope: scope)
        case .object(let fields):
            var out = JSONObject()
            out.reserveCapacity(fields.count)
            for (key, template) in fields { out[key] = try template.evaluate(input: input, scope: scope) }
            return .object(out)
        case .array(let elements):
            return .array(try elements.map { try $0.evaluate(input: input, scope: scope) })
        }
    }
}

/// The JSON text of a value, cut to a length fit for an error cause.
func truncated(_ value: JSONValue, limit: Int = 1024) -> String {
    let s = value.serialized()
    return s.count <= limit ? s : String(s.prefix(limit)) + "…"
}
