/// Choice rules as short text for edge labels: `$.changed == true`, `not ($.a is present)`.
extension ChoiceRule {
    var summary: String {
        switch self {
        case .and(let rules): return rules.map { $0.nested }.joined(separator: " and ")
        case .or(let rules): return rules.map { $0.nested }.joined(separator: " or ")
        case .not(let rule): return "not \(rule.nested)"
        case .comparison(let variable, let op, let operand):
            let right: String
            switch operand {
            case .value(let v): right = v.serialized()
            case .path(let p): right = p.text
            }
            return "\(variable.text) \(op.symbol) \(right)"
        }
    }

    private var nested: String {
        if case .comparison = self { return summary }
        return "(\(summary))"
    }
}

extension ComparisonOperator {
    /// The comparison as an operator a reader knows.
    var symbol: String {
        switch self {
        case .stringEquals, .numericEquals, .booleanEquals, .timestampEquals: return "=="
        case .stringLessThan, .numericLessThan, .timestampLessThan: return "<"
        case .stringGreaterThan, .numericGreaterThan, .timestampGreaterThan: return ">"
        case .stringLessThanEquals, .numericLessThanEquals, .timestampLessThanEquals: return "<="
        case .stringGreaterThanEquals, .numericGreaterThanEquals, .timestampGreaterThanEquals: return ">="
        case .stringMatches: return "matches"
        case .isNull: return "is null:"
        case .isPresent: return "is present:"
        case .isNumeric: return "is numeric:"
        case .isString: return "is string:"
        case .isBoolean: return "is boolean:"
        case .isTimestamp: return "is timestamp:"
        }
    }
}
