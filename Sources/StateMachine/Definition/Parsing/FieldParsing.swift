/// Field shapes shared by several state types: integers, paths, payload templates and the
/// rule that a field and its `…Path` form exclude each other.
extension DefinitionParser {
    func positiveInteger(_ v: JSONValue) -> Int? {
        guard case .number(let n) = v, case .integer(let i) = n, i > 0 else { return nil }
        return i
    }

    func nonNegativeInteger(_ v: JSONValue) -> Int? {
        guard let i = v.numberValue?.intValue, i >= 0 else { return nil }
        return i
    }

    /// `InputPath`, `OutputPath`, `ResultPath` and Catch's `ResultPath`: absent, null or a path.
    mutating func optionalPath(_ v: JSONValue?, path: String, field: String, reference: Bool) -> OptionalPath {
        guard let v else { return .absent }
        if v == .null { return .null }
        guard let text = v.stringValue else {
            add(path, field, "must be a path string or null")
            return .absent
        }
        return checkedPath(text, path: path, field: field, reference: reference).map(OptionalPath.path) ?? .absent
    }

    /// A field that, when present, must hold a path (`ItemsPath`, `SecondsPath`, …).
    mutating func requiredPath(_ v: JSONValue?, path: String, field: String, reference: Bool) -> JSONPath? {
        guard let v else { return nil }
        if v == .null {
            add(path, field, "must be a path, not null")
            return nil
        }
        guard let text = v.stringValue else {
            add(path, field, "must be a path string")
            return nil
        }
        return checkedPath(text, path: path, field: field, reference: reference)
    }

    private mutating func checkedPath(_ text: String, path: String, field: String, reference: Bool) -> JSONPath? {
        do {
            let parsed = try JSONPath(text)
            noteReference(parsed, path: path, field: field)
            if parsed.variable != nil && (field == "ResultPath" || field.hasSuffix(".ResultPath")) {
                add(path, field, "ResultPath cannot write to a variable ('\(text)'); use Assign")
                return nil
            }
            if reference && !parsed.isReferencePath {
                add(path, field, "'\(text)' must be a reference path ($ followed by names and indexes only)")
                return nil
            }
            return parsed
        } catch {
            add(path, field, "\(error)")
            return nil
        }
    }

    /// A field given both as a value and as its `…Path` form is ambiguous; AWS rejects it.
    mutating func exclusive(_ o: JSONObject, _ field: String, path: String) {
        if o[field] != nil && o[field + "Path"] != nil {
            add(path, field + "Path", "use \(field) or \(field)Path, not both")
        }
    }

    /// A `Parameters`, `ResultSelector` or `ItemSelector` template: fields ending in `.$` hold
    /// a path or an intrinsic call; objects inside arrays are templates too, as in the service.
    mutating func template(_ value: JSONValue, path: String, field: String) -> PayloadTemplate {
        if case .array(let elements) = value {
            var compiled: [PayloadTemplate] = []
            for (i, element) in elements.enumerated() { compiled.append(template(element, path: path, field: "\(field)[\(i)]")) }
            let dynamic = compiled.contains { if case .literal = $0 { return false } else { return true } }
            return dynamic ? .array(compiled) : .literal(value)
        }
        guard case .object(let object) = value else { return .literal(value) }
        var fields: [(key: String, value: PayloadTemplate)] = []
        var dynamic = false
        for (key, v) in object {
            let location = "\(field).\(key)"
            guard key.hasSuffix(".$") else {
                if object[key + ".$"] != nil {
                    add(path, location, "both '\(key)' and '\(key).$' are given; a field is either a value or a path, not both")
                }
                let nested = template(v, path: path, field: location)
                if case .literal = nested {} else { dynamic = true }
                fields.append((key, nested))
                continue
            }
            dynamic = true
            let name = String(key.dropLast(2))
            guard let expression = v.stringValue else {
                add(path, location, "a field ending in .$ must hold a path or an intrinsic function call")
                continue
            }
            if expression.hasPrefix("$") {
                do {
                    let parsed = try JSONPath(expression)
                    noteReference(parsed, path: path, field: location)
                    fields.append((name, .path(parsed, field: key)))
                } catch {
                    add(path, location, "\(error)")
                }
            } else if let call = intrinsic(expression, path: path, field: location) {
                fields.append((name, .intrinsic(call, field: key)))
            }
        }
        return dynamic ? .object(fields) : .literal(value)
    }

    /// An intrinsic function call whose literal arguments fit its signature.
    mutating func intrinsic(_ text: String, path: String, field: String) -> IntrinsicCall? {
        do {
            let call = try IntrinsicCall(parsing: text)
            noteReferences(in: call, path: path, field: field)
            let mismatches = IntrinsicSignature.literalMismatches(in: call)
            for mismatch in mismatches { add(path, field, mismatch) }
            return mismatches.isEmpty ? call : nil
        } catch {
            add(path, field, "\(error)")
            return nil
        }
    }
}
