import Foundation

/// What parsing a definition found: the typed definition when nothing is wrong, every problem
/// otherwise, and warnings that do not make the definition invalid.
public struct DefinitionParseResult: Sendable {
    /// The definition, nil when there is any problem.
    public let definition: StateMachineDefinition?
    /// Every reason the definition is invalid, in the order met, each naming state and field.
    public let problems: [ValidationProblem]
    /// Things that run but are probably mistakes (a variable no state assigns).
    public let warnings: [ValidationProblem]
    /// Why the text is not JSON at all, when that is the one problem.
    let jsonError: String?

    init(definition: StateMachineDefinition?, problems: [ValidationProblem], warnings: [ValidationProblem], jsonError: String? = nil) {
        self.definition = definition
        self.problems = problems
        self.warnings = warnings
        self.jsonError = jsonError
    }
}

/// The one Amazon States Language parser: it reads a definition into the runtime model and
/// records every problem it meets on the way, as Step Functions' validator reports them, so a
/// definition is either fully typed or comes with the complete list of what is wrong. Each
/// state type's own fields are parsed in `Definition/States/<Type>State.swift`.
struct DefinitionParser {
    /// nil accepts any Task resource; otherwise a resource outside the set is a problem.
    let knownResources: Set<String>?
    private(set) var problems: [ValidationProblem] = []
    private(set) var warnings: [ValidationProblem] = []
    /// Every state name met so far and where: AWS requires names unique across the whole
    /// machine, Parallel branches and Map processors included.
    private var stateLocations: [String: String] = [:]
    /// Workflow-variable bookkeeping across the machine's scopes (see VariableParsing.swift).
    var variableScopes = VariableScopes()

    private static let topLevelFields: Set<String> = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]
    private static let nestedMachineFields: Set<String> = ["Comment", "StartAt", "States", "ProcessorConfig"]
    static let stateTypes = "Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map"

    init(knownResources: Set<String>?) {
        self.knownResources = knownResources
    }

    /// Parses definition bytes.
    static func parse(_ data: Data, knownResources: Set<String>?) -> DefinitionParseResult {
        var parser = DefinitionParser(knownResources: knownResources)
        let json: JSONValue
        do {
            let parsed = try JSONValue.parsingNotingDuplicateKeys(data)
            json = parsed.value
            for location in parsed.duplicateKeys {
                let parts = location.split(separator: ".", omittingEmptySubsequences: false)
                let key = parts.last.map(String.init) ?? location
                parser.add("", location, "the key '\(key)' appears more than once in one object; "
                           + "keys must be unique (Step Functions rejects the definition, a JSON parser would keep the last)")
            }
        } catch {
            return DefinitionParseResult(definition: nil, problems: [
                ValidationProblem(statePath: "", field: "", message: "the definition is not valid JSON: \(error)"),
            ], warnings: [], jsonError: "\(error)")
        }
        let definition = parser.machine(json, prefix: "", topLevel: true)
        parser.checkVariables()
        return DefinitionParseResult(definition: parser.problems.isEmpty ? definition : nil,
                                     problems: parser.problems, warnings: parser.warnings)
    }

    mutating func add(_ path: String, _ field: String, _ message: String) {
        problems.append(ValidationProblem(statePath: path, field: field, message: message))
    }

    mutating func warn(_ path: String, _ field: String, _ message: String) {
        warnings.append(ValidationProblem(statePath: path, field: field, message: message))
    }

    /// A state machine (the top level, a Parallel branch or a Map processor).
    mutating func machine(_ json: JSONValue, prefix: String, topLevel: Bool) -> StateMachineDefinition {
        var definition = StateMachineDefinition(startAt: "", states: [:], timeoutSeconds: nil, source: json)
        guard case .object(let o) = json else {
            add(prefix, "", "a state machine must be a JSON object")
            return definition
        }
        let allowed = topLevel ? Self.topLevelFields : Self.nestedMachineFields
        for key in o.keys where !allowed.contains(key) {
            add(prefix, key, "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        comment(o, path: prefix)
        if topLevel, let v = o["QueryLanguage"], v != "JSONPath" {
            add(prefix, "QueryLanguage", "only the JSONPath query language is supported")
        }
        if let t = o["TimeoutSeconds"] {
            if let seconds = positiveInteger(t) { definition.timeoutSeconds = Double(seconds) }
            else { add(prefix, "TimeoutSeconds", "must be a positive integer") }
        }
        guard case .object(let states)? = o["States"], !states.isEmpty else {
            add(prefix, "States", "must be a non-empty object of states")
            if o["StartAt"]?.stringValue == nil { add(prefix, "StartAt", "must name the first state") }
            return definition
        }
        let statesPrefix = prefix.isEmpty ? "States" : "\(prefix).States"
        let names = Set(states.keys)
        // A branch or processor is a scope of its own: it reads outer variables, assigns its own.
        variableScopes.enter()
        defer { variableScopes.leave() }
        let startAt = o["StartAt"]?.stringValue
        if let startAt {
            definition.startAt = startAt
            if !names.contains(startAt) { add(prefix, "StartAt", "'\(startAt)' is not a state of this machine") }
        } else {
            add(prefix, "StartAt", "must name the first state")
        }
        var hasTerminal = false
        var edges: [String: [String]] = [:]
        for (name, stateJSON) in states {
            let path = "\(statesPrefix).\(name)"
            if name.count > 80 { add(path, "", "state names are at most 80 characters (this one has \(name.count))") }
            if name.isEmpty { add(path, "", "a state name must not be empty") }
            if let first = stateLocations[name] {
                add(path, "", "the state name '\(name)' is already used by \(first); names must be unique across the "
                    + "whole state machine, Parallel branches and Map processors included")
            } else {
                stateLocations[name] = path
            }
            let parsed = state(name, stateJSON, path: path, names: names)
            if let built = parsed.state { definition.states[name] = built }
            edges[name] = parsed.targets
            hasTerminal = hasTerminal || parsed.terminal
        }
        if !hasTerminal { add(prefix, "States", "no terminal state: at least one state needs \"End\": true or be Succeed/Fail") }
        if let startAt, names.contains(startAt) {
            var reached: Set<String> = [startAt]
            var queue = [startAt]
            while let n = queue.popLast() {
                for t in edges[n] ?? [] where names.contains(t) && reached.insert(t).inserted { queue.append(t) }
            }
            for name in states.keys where !reached.contains(name) {
                add("\(statesPrefix).\(name)", "", "the state is unreachable from StartAt")
            }
        }
        return definition
    }

    /// One state: its common fields here, its type's own fields in its type's file. Returns
    /// the state (nil when its type is unknown), its transition targets and whether it can
    /// end the machine.
    private mutating func state(_ name: String, _ json: JSONValue, path: String,
                                names: Set<String>) -> (state: State?, targets: [String], terminal: Bool) {
        guard case .object(let o) = json else {
            add(path, "", "a state must be a JSON object")
            return (nil, [], false)
        }
        guard let typeName = o["Type"]?.stringValue else {
            add(path, "Type", "missing; one of \(Self.stateTypes)")
            return (nil, [], false)
        }
        guard let kind = State.Kind(rawValue: typeName) else {
            add(path, "Type", "'\(typeName)' is not a state type (\(Self.stateTypes))")
            return (nil, [], false)
        }
        let allowed = kind.allowedFields
        for key in o.keys where !allowed.contains(key) {
            add(path, key, "field not allowed in a \(typeName) state")
        }
        if let v = o["QueryLanguage"], v != "JSONPath" {
            add(path, "QueryLanguage", "only the JSONPath query language is supported")
        }
        comment(o, path: path)
        let s = State(name: name, kind: kind)
        var flow = StateFlow(path: path, names: names)

        if allowed.contains("Next") {
            let next = o["Next"]
            let end = o["End"]
            if let next, next.stringValue == nil { add(path, "Next", "must be a state name") }
            if let end, end.boolValue == nil { add(path, "End", "must be a boolean") }
            let isEnd = end?.boolValue == true
            if next != nil && isEnd { add(path, "Next", "a state has either Next or \"End\": true, not both") }
            if next == nil && !isEnd { add(path, "Next", "a \(typeName) state needs Next or \"End\": true") }
            flow.terminal = isEnd
            s.end = isEnd
            s.next = next?.stringValue
            target(next?.stringValue, field: "Next", flow: &flow)
        }
        if kind == .succeed || kind == .fail { flow.terminal = true }

        // Nested machines compile their own states, so only this state's own fields matter.
        var own = o
        own["Branches"] = nil
        own["ItemProcessor"] = nil
        own["Iterator"] = nil
        s.usesContext = JSONValue.object(own).serialized().contains("$$")
        s.inputPath = optionalPath(o["InputPath"], path: path, field: "InputPath", reference: false)
        s.outputPath = optionalPath(o["OutputPath"], path: path, field: "OutputPath", reference: false)
        s.resultPath = optionalPath(o["ResultPath"], path: path, field: "ResultPath", reference: true)
        if let v = o["Parameters"] { s.parameters = template(v, path: path, field: "Parameters") }
        if let v = o["ResultSelector"] {
            if v.objectValue == nil { add(path, "ResultSelector", "must be an object") }
            s.resultSelector = template(v, path: path, field: "ResultSelector")
        }
        if let v = o["Assign"] { s.assign = assign(v, path: path, field: "Assign") }
        if let v = o["Retry"] { s.retry = retriers(v, path: path) }
        if let v = o["Catch"] { s.catchers = catchers(v, flow: &flow) }

        switch kind {
        case .pass: parsePass(o, into: s)
        case .task: parseTask(o, path: path, into: s)
        case .choice: parseChoice(o, flow: &flow, into: s)
        case .wait: parseWait(o, path: path, into: s)
        case .succeed: break
        case .fail: parseFail(o, path: path, into: s)
        case .parallel: parseParallel(o, path: path, into: s)
        case .map: parseMap(o, path: path, into: s)
        }
        return (s, flow.targets, flow.terminal)
    }

    /// Transition targets of the state being parsed, checked against its machine's names.
    struct StateFlow {
        let path: String
        let names: Set<String>
        var targets: [String] = []
        var terminal = false
    }

    mutating func target(_ name: String?, field: String, flow: inout StateFlow) {
        guard let name else { return }
        if !flow.names.contains(name) { add(flow.path, field, "'\(name)' is not a state of this machine") }
        flow.targets.append(name)
    }

    /// `Comment` is free text, but text: AWS rejects any other type wherever it appears.
    mutating func comment(_ o: JSONObject, path: String, field: String = "Comment") {
        if let c = o["Comment"], c.stringValue == nil { add(path, field, "must be a string") }
    }
}

extension State.Kind {
    private static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]
    private static let flow: Set<String> = ["Next", "End"]
    private static let io: Set<String> = ["InputPath", "OutputPath"]

    /// The fields a state of this type may have (JSONPath dialect).
    var allowedFields: Set<String> {
        switch self {
        case .pass: return Self.common.union(Self.flow).union(Self.io).union(["ResultPath", "Parameters", "Result", "Assign"])
        case .task:
            return Self.common.union(Self.flow).union(Self.io).union([
                "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Resource", "TimeoutSeconds",
                "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign"])
        case .choice: return Self.common.union(Self.io).union(["Choices", "Default", "Assign"])
        case .wait: return Self.common.union(Self.flow).union(Self.io).union(["Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign"])
        case .succeed: return Self.common.union(Self.io)
        case .fail: return Self.common.union(["Error", "Cause", "ErrorPath", "CausePath"])
        case .parallel:
            return Self.common.union(Self.flow).union(Self.io).union(["ResultPath", "Parameters", "ResultSelector", "Retry", "Catch",
                                                                      "Branches", "Assign"])
        case .map:
            return Self.common.union(Self.flow).union(Self.io).union([
                "ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "ItemsPath", "ItemSelector", "ItemProcessor",
                "Iterator", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
                "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label", "Assign"])
        }
    }
}
