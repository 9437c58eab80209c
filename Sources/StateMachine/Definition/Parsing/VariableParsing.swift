/// Workflow variables in a definition: `Assign` fields, the names they may use, the scope
/// rule (a Parallel branch or Map processor reads outer variables but must not assign them)
/// and references to variables that no state assigns (a warning: the run would fail there).
extension DefinitionParser {
    /// An `Assign` object: names (optionally ending in `.$` for a path or intrinsic value) and
    /// their values, compiled like a Parameters template.
    mutating func assign(_ value: JSONValue, path: String, field: String) -> PayloadTemplate? {
        guard case .object(let object) = value else {
            add(path, field, "must be an object of variable names and values")
            return nil
        }
        for key in object.keys {
            let name = key.hasSuffix(".$") ? String(key.dropLast(2)) : key
            if let problem = VariableName.problem(name) {
                add(path, "\(field).\(key)", problem)
            } else {
                variableScopes.noteAssignment(name, location: "\(path).\(field)")
            }
        }
        return template(value, path: path, field: field)
    }

    /// Records a `$name` path for the end-of-parse checks.
    mutating func noteReference(_ reference: JSONPath, path: String, field: String) {
        guard let name = reference.variable else { return }
        variableScopes.noteReference(name, location: path.isEmpty ? field : "\(path).\(field)")
    }

    mutating func noteReferences(in call: IntrinsicCall, path: String, field: String) {
        for argument in call.arguments {
            switch argument {
            case .path(let reference): noteReference(reference, path: path, field: field)
            case .call(let inner): noteReferences(in: inner, path: path, field: field)
            case .literal, .invalidLiteral: break
            }
        }
    }

    /// The checks that need the whole machine: inner scopes assigning an outer variable
    /// (a problem) and references nothing assigns (a warning).
    mutating func checkVariables() {
        for clash in variableScopes.outerAssignments() {
            add("", clash.location, "assigns '\(clash.name)', a variable of an enclosing scope (assigned at \(clash.outer)); "
                + "states in a Parallel branch or Map processor may read outer variables but not assign them")
        }
        for reference in variableScopes.unassignedReferences() {
            warn("", reference.location, "'$\(reference.name)' is not assigned by any state; the path finds nothing when it runs")
        }
    }
}

/// Which scope assigns which variable and where variables are referenced.
struct VariableScopes {
    private var parents: [Int] = []
    private var stack: [Int] = []
    private var assignments: [(scope: Int, name: String, location: String)] = []
    private var references: [(name: String, location: String)] = []

    mutating func enter() {
        parents.append(stack.last ?? -1)
        stack.append(parents.count - 1)
    }

    mutating func leave() {
        stack.removeLast()
    }

    mutating func noteAssignment(_ name: String, location: String) {
        assignments.append((stack.last ?? -1, name, location))
    }

    mutating func noteReference(_ name: String, location: String) {
        references.append((name, location))
    }

    /// Assignments in a scope to a name an enclosing scope also assigns.
    func outerAssignments() -> [(name: String, location: String, outer: String)] {
        var firstByScope: [Int: [String: String]] = [:]
        for a in assignments where firstByScope[a.scope]?[a.name] == nil { firstByScope[a.scope, default: [:]][a.name] = a.location }
        var clashes: [(name: String, location: String, outer: String)] = []
        for a in assignments {
            var scope = a.scope >= 0 ? parents[a.scope] : -1
            while scope >= 0 {
                if let outer = firstByScope[scope]?[a.name] {
                    clashes.append((a.name, a.location, outer))
                    break
                }
                scope = parents[scope]
            }
        }
        return clashes
    }

    /// References to names no state assigns.
    func unassignedReferences() -> [(name: String, location: String)] {
        let assigned = Set(assignments.map(\.name))
        return references.filter { !assigned.contains($0.name) }
    }
}
