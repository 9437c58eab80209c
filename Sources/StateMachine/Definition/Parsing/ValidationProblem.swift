/// One reason a definition is invalid: where (state path and field) and what is wrong.
public struct ValidationProblem: Sendable, Hashable, CustomStringConvertible {
    /// The state's location, e.g. `States.Fan.Branches[0].States.Load`; empty for top-level fields.
    public var statePath: String
    /// The offending field, e.g. `Next` or `Retry[1].BackoffRate`.
    public var field: String
    /// What is wrong and what is expected instead.
    public var message: String

    public init(statePath: String, field: String, message: String) {
        self.statePath = statePath
        self.field = field
        self.message = message
    }

    public var description: String {
        let location = statePath.isEmpty ? field : (field.isEmpty ? statePath : "\(statePath).\(field)")
        return "\(location): \(message)"
    }
}
