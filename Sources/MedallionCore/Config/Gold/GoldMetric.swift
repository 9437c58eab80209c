/// A metric expression of a Gold table: `count(*)`, `count(col)`, `count_distinct(col)`,
/// `sum(col)`, `avg(col)`, `min(col)`, `max(col)`, `median(col)`, `percentile(col, q)`.
public struct GoldMetric: Sendable, Equatable {
    public enum Function: String, Sendable, CaseIterable {
        case count, countDistinct = "count_distinct", sum, avg, min, max, median, percentile
    }

    /// The output column name (the metrics key).
    public var name: String
    public var function: Function
    /// The input column; nil for `count(*)`.
    public var column: String?
    /// The fraction for `percentile` (0…1); 0.5 for `median`.
    public var quantile: Double?

    struct ParseError: Error { var message: String }

    static func parse(name: String, expression: String) throws -> GoldMetric {
        let text = expression.trimmingCharacters(in: .whitespaces)
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else {
            throw ParseError(message: "'\(expression)' is not a metric like count(*) or sum(amount)")
        }
        let functionName = text[..<open].trimmingCharacters(in: .whitespaces).lowercased()
        let arguments = text[text.index(after: open)..<text.index(before: text.endIndex)]
            .split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let function = Function(rawValue: functionName) else {
            throw ParseError(message: "'\(functionName)' is not one of \(Function.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func column(_ text: String) throws -> String {
            guard !text.isEmpty, text != "*", text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ParseError(message: "'\(expression)': '\(text)' is not a column name")
            }
            return text
        }
        switch function {
        case .count:
            guard arguments.count == 1 else { throw ParseError(message: "'\(expression)': count takes * or one column") }
            return GoldMetric(name: name, function: .count, column: arguments[0] == "*" ? nil : try column(arguments[0]), quantile: nil)
        case .percentile:
            guard arguments.count == 2, let q = Double(arguments[1]), (0...1).contains(q) else {
                throw ParseError(message: "'\(expression)': percentile takes a column and a fraction between 0 and 1, e.g. percentile(amount, 0.9)")
            }
            return GoldMetric(name: name, function: .percentile, column: try column(arguments[0]), quantile: q)
        default:
            guard arguments.count == 1 else { throw ParseError(message: "'\(expression)': \(function.rawValue) takes one column") }
            return GoldMetric(name: name, function: function, column: try column(arguments[0]),
                              quantile: function == .median ? 0.5 : nil)
        }
    }
}
