import Foundation

/// A parsed, validated Amazon States Language definition (JSONPath dialect).
public struct StateMachineDefinition: Sendable {
    var startAt: String
    var states: [String: State]
    var timeoutSeconds: Double?
    /// The definition as written, for the context object and history.
    let source: JSONValue

    /// Parses and validates a definition; throws ``DefinitionError`` listing every problem.
    public static func parse(_ data: Data) throws -> StateMachineDefinition {
        try parse(data, knownResources: nil)
    }

    /// Parses and validates a definition whose Task resources must all be in `knownResources`
    /// (nil accepts any); throws ``DefinitionError`` listing every problem.
    public static func parse(_ data: Data, knownResources: Set<String>?) throws -> StateMachineDefinition {
        let result = DefinitionParser.parse(data, knownResources: knownResources)
        if let definition = result.definition { return definition }
        if let reason = result.jsonError { throw DefinitionError.notJSON(reason) }
        throw DefinitionError.invalid(result.problems)
    }

    /// Parses a definition and reports every problem and warning instead of throwing; the
    /// definition is there when there is no problem.
    ///
    /// - Parameter knownResources: nil accepts any Task resource; otherwise a resource outside
    ///   the set is a problem (a Task nobody can run).
    public static func check(_ data: Data, knownResources: Set<String>?) -> DefinitionParseResult {
        DefinitionParser.parse(data, knownResources: knownResources)
    }

    /// Parses definition text.
    public static func parse(_ text: String) throws -> StateMachineDefinition {
        try parse(Data(text.utf8))
    }

    /// The Task resources the definition uses, at any depth.
    public var taskResources: Set<String> {
        var out = Set<String>()
        for state in states.values {
            if let r = state.resource { out.insert(r) }
            for b in state.branches { out.formUnion(b.taskResources) }
            if let it = state.iterator { out.formUnion(it.taskResources) }
        }
        return out
    }
}

