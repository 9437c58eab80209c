import Foundation

/// A parsed, validated Amazon States Language definition (JSONPath dialect).
public struct StateMachineDefinition: Sendable {
    let startAt: String
    let states: [String: State]
    let timeoutSeconds: Double?
    /// The definition as written, for the context object and history.
    let source: JSONValue

    /// Parses and validates a definition; throws ``DefinitionError`` listing every problem.
    public static func parse(_ data: Data) throws -> StateMachineDefinition {
        try parse(data, knownResources: nil)
    }

    /// Parses and validates a definition whose Task resources must all be in `knownResources`
    /// (nil accepts any); throws ``DefinitionError`` listing every problem.
    public static func parse(_ data: Data, knownResources: Set<String>?) throws -> StateMachineDefinition {
        let json: JSONValue
        do { json = try JSONValue(parsing: data) } catch { throw DefinitionError.notJSON("\(error)") }
        let problems = StateMachineValidator.validate(json, knownResources: knownResources)
        guard problems.isEmpty else { throw DefinitionError.invalid(problems) }
        return try DefinitionBuilder.machine(json)
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

/// Compiles validated definition JSON into the runtime model.
enum DefinitionBuilder {
    static func machine(_ json: JSONValue) throws -> StateMachineDefinition {
        guard case .object(let o) = json, let startAt = o["StartAt"]?.stringValue, case .object(let statesJSON)? = o["States"] else {
            throw DefinitionError.invalidField("States", "a state machine needs StartAt and States")
        }
        var states: [String: State] = [:]
        for (name, s) in statesJSON { states[name] = try state(name, s) }
        return StateMachineDefinition(startAt: startAt, states: states,
                                      timeoutSeconds: o["TimeoutSeconds"]?.numberValue?.doubleValue, source: json)
    }

    private static func optionalPath(_ v: JSONValue?, _ field: String) throws -> OptionalPath {
        switch v {
        case nil: return .absent
        case .null?: return .null
        case .string(let s)?:
            do { return .path(try JSONPath(s)) } catch { throw DefinitionError.invalidField(field, "\(error)") }
        default: throw DefinitionError.invalidField(field, "must be a path or null")
        }
    }

    private static func path(_ v: JSONValue?, _ field: String) throws -> JSONPath? {
        guard let s = v?.stringValue else { return nil }
        do { return try JSONPath(s) } catch { throw DefinitionError.invalidField(field, "\(error)") }
    }

    static func state(_ name: String, _ json: JSONValue) throws -> State {
        guard case .object(let o) = json, let typeName = o["Type"]?.stringValue, let kind = State.Kind(rawValue: typeName) else {
            throw DefinitionError.invalidField("\(name).Type", "unknown state type")
        }
        var s = State(name: name, kind: kind)
        // Nested machines compile their own states, so only this state's own fields matter.
        var own = o
        own["Branches"] = nil
        own["ItemProcessor"] = nil
        own["Iterator"] = nil
        s.usesContext = JSONValue.object(own).serialized().contains("$$")
        s.next = o["Next"]?.stringValue
        s.end = o["End"]?.boolValue ?? false
        s.inputPath = try optionalPath(o["InputPath"], "InputPath")
        s.outputPath = try optionalPath(o["OutputPath"], "OutputPath")
        s.resultPath = try optionalPath(o["ResultPath"], "ResultPath")
        if let p = o["Parameters"] { s.parameters = try PayloadTemplate(compiling: p) }
        if let p = o["ResultSelector"] { s.resultSelector = try PayloadTemplate(compiling: p) }
        s.result = o["Result"]
        s.resource = o["Resource"]?.stringValue
        s.timeoutSeconds = o["TimeoutSeconds"]?.numberValue?.doubleValue
        s.timeoutSecondsPath = try path(o["TimeoutSecondsPath"], "TimeoutSecondsPath")
        s.heartbeatSeconds = o["HeartbeatSeconds"]?.numberValue?.doubleValue
        for r in o["Retry"]?.arrayValue ?? [] {
            var retrier = Retrier(errorEquals: (r["ErrorEquals"]?.arrayValue ?? []).compactMap(\.stringValue))
            if let v = r["IntervalSeconds"]?.numberValue { retrier.intervalSeconds = v.doubleValue }
            if let v = r["MaxAttempts"]?.numberValue?.intValue { retrier.maxAttempts = v }
            if let v = r["BackoffRate"]?.numberValue { retrier.backoffRate = v.doubleValue }
            if let v = r["MaxDelaySeconds"]?.numberValue { retrier.maxDelaySeconds = v.doubleValue }
            retrier.fullJitter = r["JitterStrategy"]?.stringValue == "FULL"
            s.retry.append(retrier)
        }
        for c in o["Catch"]?.arrayValue ?? [] {
            s.catchers.append(Catcher(errorEquals: (c["ErrorEquals"]?.arrayValue ?? []).compactMap(\.stringValue),
                                      next: c["Next"]?.stringValue ?? "",
                                      resultPath: try optionalPath(c["ResultPath"], "Catch.ResultPath")))
        }
        for c in o["Choices"]?.arrayValue ?? [] {
            s.choices.append((try choiceRule(c), c["Next"]?.stringValue ?? ""))
        }
        s.defaultNext = o["Default"]?.stringValue
        if let v = o["Seconds"]?.numberValue { s.wait = .seconds(v.doubleValue) }
        if let v = o["Timestamp"]?.stringValue { s.wait = .timestamp(v) }
        if let p = try path(o["SecondsPath"], "SecondsPath") { s.wait = .secondsPath(p) }
        if let p = try path(o["TimestampPath"], "TimestampPath") { s.wait = .timestampPath(p) }
        s.failError = o["Error"]?.stringValue
        s.failCause = o["Cause"]?.stringValue
        for (field, keyPath) in [("ErrorPath", \State.failErrorPath), ("CausePath", \State.failCausePath)] {
            guard let text = o[field]?.stringValue else { continue }
            do { s[keyPath: keyPath] = try ValueExpression(text) } catch { throw DefinitionError.invalidField(field, "\(error)") }
        }
        s.branches = try (o["Branches"]?.arrayValue ?? []).map(machine)
        if let it = o["ItemProcessor"] ?? o["Iterator"] { s.iterator = try machine(it) }
        s.itemsPath = try optionalPath(o["ItemsPath"], "ItemsPath")
        if kind == .map, let p = o["ItemSelector"] ?? o["Parameters"] {
            s.itemSelector = try PayloadTemplate(compiling: p)
            s.parameters = nil
        }
        s.maxConcurrency = o["MaxConcurrency"]?.numberValue?.intValue ?? 0
        s.maxConcurrencyPath = try path(o["MaxConcurrencyPath"], "MaxConcurrencyPath")
        s.toleratedFailureCount = o["ToleratedFailureCount"]?.numberValue?.intValue
        s.toleratedFailurePercentage = o["ToleratedFailurePercentage"]?.numberValue?.doubleValue
        return s
    }

    static func choiceRule(_ json: JSONValue) throws -> ChoiceRule {
        guard case .object(let o) = json else { throw DefinitionError.invalidField("Choices", "a rule must be an object") }
        if let list = o["And"]?.arrayValue { return .and(try list.map(choiceRule)) }
        if let list = o["Or"]?.arrayValue { return .or(try list.map(choiceRule)) }
        if let inner = o["Not"] { return .not(try choiceRule(inner)) }
        guard let variable = try path(o["Variable"], "Variable") else {
            throw DefinitionError.invalidField("Variable", "a comparison needs a Variable")
        }
        for (key, value) in o {
            guard let (op, isPath) = ComparisonOperator.lookup(key) else { continue }
            if isPath {
                guard let p = try path(value, key) else { throw DefinitionError.invalidField(key, "must be a path") }
                return .comparison(variable: variable, op: op, operand: .path(p))
            }
            return .comparison(variable: variable, op: op, operand: .value(value))
        }
        throw DefinitionError.invalidField("Choices", "a rule needs a comparison operator")
    }
}
