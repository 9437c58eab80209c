/// Choice rules: `And`/`Or`/`Not` combinations and single comparisons of a `Variable`.
extension DefinitionParser {
    /// One rule at `field` (e.g. `Choices[0].And[1]`); nil when it has a problem.
    mutating func choiceRule(_ rule: JSONValue, path: String, field: String, topLevel: Bool) -> ChoiceRule? {
        guard case .object(let o) = rule else {
            add(path, field, "a Choice rule must be an object")
            return nil
        }
        let problemsBefore = problems.count
        comment(o, path: path, field: "\(field).Comment")
        if topLevel && o["Next"] == nil { add(path, "\(field).Next", "a top-level Choice rule needs Next") }
        if !topLevel && o["Next"] != nil { add(path, "\(field).Next", "only top-level Choice rules have Next") }
        var operators: [String] = []
        var built: ChoiceRule?
        var comparison: (op: ComparisonOperator, operand: ChoiceRule.Operand)?
        for key in o.keys {
            switch key {
            case "Next", "Comment", "Variable":
                continue
            case "Assign":
                // Parsed with the rule's Next by the Choice state; only a top-level rule has one.
                if !topLevel { add(path, "\(field).Assign", "only top-level Choice rules have Assign") }
            case "And", "Or":
                operators.append(key)
                guard case .array(let list)? = o[key], !list.isEmpty else {
                    add(path, "\(field).\(key)", "must be a non-empty array of rules")
                    continue
                }
                var rules: [ChoiceRule] = []
                for (i, r) in list.enumerated() {
                    if let inner = choiceRule(r, path: path, field: "\(field).\(key)[\(i)]", topLevel: false) { rules.append(inner) }
                }
                built = key == "And" ? .and(rules) : .or(rules)
            case "Not":
                operators.append(key)
                if let value = o[key], let inner = choiceRule(value, path: path, field: "\(field).Not", topLevel: false) {
                    built = .not(inner)
                }
            default:
                guard let (op, isPath) = ComparisonOperator.lookup(key) else {
                    add(path, "\(field).\(key)", "not a Choice comparison operator")
                    continue
                }
                operators.append(key)
                let value = o[key] ?? .null
                if isPath {
                    if let operand = requiredPath(value, path: path, field: "\(field).\(key)", reference: false) {
                        comparison = (op, .path(operand))
                    }
                } else if op.operandType != value.typeName {
                    add(path, "\(field).\(key)", "\(key) compares against a \(op.operandType), not a \(value.typeName)")
                } else if op.operandType == "string", key.hasPrefix("Timestamp"), RFC3339.parse(value.stringValue ?? "") == nil {
                    add(path, "\(field).\(key)", "'\(value.stringValue ?? "")' is not an RFC 3339 timestamp")
                } else {
                    comparison = (op, .value(value))
                }
            }
        }
        if operators.count != 1 {
            add(path, field, operators.isEmpty ? "a rule needs exactly one comparison or And/Or/Not"
                                               : "a rule has exactly one comparison, found \(operators.joined(separator: ", "))")
        }
        let isComparison = operators.count == 1 && !["And", "Or", "Not"].contains(operators[0])
        if isComparison {
            if o["Variable"] == nil {
                add(path, "\(field).Variable", "a comparison needs Variable")
            } else if let variable = requiredPath(o["Variable"], path: path, field: "\(field).Variable", reference: false),
                      let comparison {
                built = .comparison(variable: variable, op: comparison.op, operand: comparison.operand)
            }
        } else if o["Variable"] != nil, !operators.isEmpty {
            add(path, "\(field).Variable", "And/Or/Not rules have no Variable")
        }
        return problems.count == problemsBefore ? built : nil
    }
}
