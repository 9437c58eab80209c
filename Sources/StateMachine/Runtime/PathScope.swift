/// What a path can read besides the data in front of it: the context object (`$$`) and the
/// workflow variables visible to the state (`$name`), as they were when the state was entered.
struct PathScope: Sendable {
    var context: JSONValue
    var variables: [String: JSONValue]

    /// Nothing but the data: no context object, no variables.
    static let empty = PathScope(context: .null, variables: [:])
}
