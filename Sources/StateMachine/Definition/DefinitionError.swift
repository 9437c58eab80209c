/// Why a definition cannot be loaded.
public enum DefinitionError: Error, Sendable, CustomStringConvertible {
    /// The text is not JSON.
    case notJSON(String)
    /// The definition breaks the language's rules; every problem is listed.
    case invalid([ValidationProblem])

    public var description: String {
        switch self {
        case .notJSON(let reason): return "the definition is not valid JSON: \(reason)"
        case .invalid(let problems):
            return "the definition is invalid:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
