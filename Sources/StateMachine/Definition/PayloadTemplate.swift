/// A compiled `Parameters`, `ResultSelector` or `ItemSelector` object: fields whose names
/// end in `.$` take a path's value or an intrinsic call's result; the rest are copied.
indirect enum PayloadTemplate: Sendable {
    case literal(JSONValue)
    case path(JSONPath, field: String)
    case intrinsic(IntrinsicCall, field: String)
    case object([(key: String, value: PayloadTemplate)])
    /// An array holding at least one object with dynamic fields.
    case array([PayloadTemplate])

    /// Compiles a template; errors name the offending field.
    init(compiling value: JSONValue) throws {
        if case .array(let elements) = value {
            // Objects inside arrays are templates too, as the service treats them.
            let compiled = try elements.map(PayloadTemplate.init(compiling:))
            let dynamic = compiled.contains { if case .literal = $0 { return false } else { return true } }
            self = dynamic ? .array(compiled) : .literal(value)
            return
        }
        guard case .object(let object) = value else {
            self = .literal(value)
            return
        }
        var fields: [(key: String, value: PayloadTemplate)] = []
        var dynamic = false
        for (key, v) in object {
            if key.hasSuffix(".$") {
                dynamic = true
                let name = String(key.dropLast(2))
                guard case .string(let expression) = v else {
                    throw DefinitionError.invalidField(key, "the value of a '.$' field must be a path or an intrinsic function call")
                }
                if expression.hasPrefix("$") {
                    do { fields.append((name, .path(try JSONPath(expression), field: key))) } catch {
                        throw DefinitionError.invalidField(key, "\(error)")
                    }
                } else {
                    do { fields.append((name, .intrinsic(try IntrinsicCall(parsing: expression), field: key))) } catch {
                        throw DefinitionError.invalidField(key, "\(error)")
                    }
                }
            } else {
                let nested = try PayloadTemplate(compiling: v)
                if case .literal = nested {} else { dynamic = true }
                fields.append((key, nested))
            }
        }
        self = dynamic ? .object(fields) : .literal(value)
    }

    func evaluate(input: JSONValue, context: JSONValue) throws -> JSONValue {
        switch self {
        case .literal(let v):
            return v
        case .path(let path, let field):
            guard let v = path.evaluate(path.isContextPath ? context : input) else {
                throw StatesError.runtime("The JSONPath '\(path.text)' specified for the field '\(field)' could not be found in the input '\(truncated(path.isContextPath ? context : input))'")
            }
            return v
        case .intrinsic(let call, _):
            return try IntrinsicEvaluator.evaluate(call, input: input, context: context)
        case .object(let fields):
            var out = JSONObject()
            out.reserveCapacity(fields.count)
            for (key, template) in fields { out[key] = try template.evaluate(input: input, context: context) }
            return .object(out)
        case .array(let elements):
            return .array(try elements.map { try $0.evaluate(input: input, context: context) })
        }
    }
}

/// The JSON text of a value, cut to a length fit for an error cause.
func truncated(_ value: JSONValue, limit: Int = 1024) -> String {
    let s = value.serialized()
    return s.count <= limit ? s : String(s.prefix(limit)) + "…"
}
