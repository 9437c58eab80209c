import Foundation

/// Checks a definition the way Step Functions does before accepting it.
public enum StateMachineValidator {
    /// Every problem in the definition; empty when it is valid.
    ///
    /// - Parameter knownResources: nil accepts any Task resource; otherwise a resource outside
    ///   the set is a problem (a Task nobody can run).
    public static func validate(_ data: Data, knownResources: Set<String>?) -> [ValidationProblem] {
        let json: JSONValue
        do { json = try JSONValue(parsing: data) } catch {
            return [ValidationProblem(statePath: "", field: "", message: "the definition is not valid JSON: \(error)")]
        }
        return validate(json, knownResources: knownResources)
    }

    static func validate(_ json: JSONValue, knownResources: Set<String>?) -> [ValidationProblem] {
        var checker = DefinitionChecker(knownResources: knownResources)
        checker.checkMachine(json, prefix: "", topLevel: true)
        return checker.problems
    }
}

/// Accumulates problems while walking a definition.
struct DefinitionChecker {
    let knownResources: Set<String>?
    var problems: [ValidationProblem] = []

    private static let topLevelFields: Set<String> = ["Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage"]
    private static let nestedMachineFields: Set<String> = ["Comment", "StartAt", "States", "ProcessorConfig"]
    /// The intrinsics AWS accepts in a Fail state's ErrorPath and CausePath (they return strings).
    static let failIntrinsics: Set<IntrinsicFunction> = [.format, .jsonToString, .arrayGetItem, .base64Encode,
                                                         .base64Decode, .hash, .uuid]
    // A state may name its own QueryLanguage (AWS, since JSONata); only JSONPath is supported.
    private static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]
    private static let flow: Set<String> = ["Next", "End"]
    private static let io: Set<String> = ["InputPath", "OutputPath"]
    private static let fieldsByType: [String: Set<String>] = [
        "Pass": common.union(flow).union(io).union(["ResultPath", "Parameters", "Result"]),
        "Task": common.union(flow).union(io).union(["ResultPath", "Parameters", "ResultSelector", "Retry", "Catch",
                                                    "Resource", "TimeoutSeconds", "TimeoutSecondsPath",
                                                    "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"]),
        "Choice": common.union(io).union(["Choices", "Default"]),
        "Wait": common.union(flow).union(io).union(["Seconds", "Timestamp", "SecondsPath", "TimestampPath"]),
        "Succeed": common.union(io),
        "Fail": common.union(["Error", "Cause", "ErrorPath", "CausePath"]),
        "Parallel": common.union(flow).union(io).union(["ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Branches"]),
        "Map": common.union(flow).union(io).union(["ResultPath", "Parameters", "ResultSelector", "Retry", "Catch",
                                                   "ItemsPath", "ItemSelector", "ItemProcessor", "Iterator",
                                                   "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount",
                                                   "ToleratedFailurePercentage", "Label"]),
    ]

    mutating func add(_ path: String, _ field: String, _ message: String) {
        problems.append(ValidationProblem(statePath: path, field: field, message: message))
    }

    mutating func checkMachine(_ json: JSONValue, prefix: String, topLevel: Bool) {
        guard case .object(let o) = json else {
            add(prefix, "", "a state machine must be a JSON object")
            return
        }
        let allowed = topLevel ? Self.topLevelFields : Self.nestedMachineFields
        for key in o.keys where !allowed.contains(key) {
            add(prefix, key, "unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        if topLevel, let v = o["QueryLanguage"], v != "JSONPath" {
            add(prefix, "QueryLanguage", "only the JSONPath query language is supported")
        }
        if let t = o["TimeoutSeconds"], !isPositiveInteger(t) {
            add(prefix, "TimeoutSeconds", "must be a positive integer")
        }
        guard case .object(let states)? = o["States"], !states.isEmpty else {
            add(prefix, "States", "must be a non-empty object of states")
            if o["StartAt"]?.stringValue == nil { add(prefix, "StartAt", "must name the first state") }
            return
        }
        let statesPrefix = prefix.isEmpty ? "States" : "\(prefix).States"
        let names = Set(states.keys)
        let startAt = o["StartAt"]?.stringValue
        if let startAt {
            if !names.contains(startAt) { add(prefix, "StartAt", "'\(startAt)' is not a state of this machine") }
        } else {
            add(prefix, "StartAt", "must name the first state")
        }
        var hasTerminal = false
        var edges: [String: [String]] = [:]
        for (name, state) in states {
            let path = "\(statesPrefix).\(name)"
            if name.count > 80 { add(path, "", "state names are at most 80 characters (this one has \(name.count))") }
            if name.isEmpty { add(path, "", "a state name must not be empty") }
            let (targets, terminal) = checkState(state, path: path, names: names)
            edges[name] = targets
            hasTerminal = hasTerminal || terminal
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
    }

    /// Checks one state; returns its transition targets and whether it can end the machine.
    private mutating func checkState(_ json: JSONValue, path: String, names: Set<String>) -> ([String], Bool) {
        guard case .object(let o) = json else {
            add(path, "", "a state must be a JSON object")
            return ([], false)
        }
        guard let type = o["Type"]?.stringValue else {
            add(path, "Type", "missing; one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map")
            return ([], false)
        }
        guard let allowed = Self.fieldsByType[type] else {
            add(path, "Type", "'\(type)' is not a state type (Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map)")
            return ([], false)
        }
        for key in o.keys where !allowed.contains(key) {
            add(path, key, "field not allowed in a \(type) state")
        }
        if let v = o["QueryLanguage"], v != "JSONPath" {
            add(path, "QueryLanguage", "only the JSONPath query language is supported")
        }
        var targets: [String] = []
        var terminal = false

        func target(_ name: String?, field: String) {
            guard let name else { return }
            if !names.contains(name) { add(path, field, "'\(name)' is not a state of this machine") }
            targets.append(name)
        }

        // Flow: End xor Next where both are allowed.
        if allowed.contains("Next") {
            let next = o["Next"]
            let end = o["End"]
            if let next, next.stringValue == nil { add(path, "Next", "must be a state name") }
            if let end, end.boolValue == nil { add(path, "End", "must be a boolean") }
            let isEnd = end?.boolValue == true
            if next != nil && isEnd { add(path, "Next", "a state has either Next or \"End\": true, not both") }
            if next == nil && !isEnd { add(path, "Next", "a \(type) state needs Next or \"End\": true") }
            terminal = isEnd
            target(next?.stringValue, field: "Next")
        }
        if type == "Succeed" || type == "Fail" { terminal = true }

        for field in ["InputPath", "OutputPath"] { checkPath(o[field], path: path, field: field, nullable: true, reference: false) }
        checkPath(o["ResultPath"], path: path, field: "ResultPath", nullable: true, reference: true)
        for field in ["Parameters", "ResultSelector", "ItemSelector"] {
            if let v = o[field] {
                if field == "ResultSelector" || field == "ItemSelector", v.objectValue == nil {
                    add(path, field, "must be an object")
                }
                checkTemplate(v, path: path, field: field)
            }
        }
        if let r = o["Retry"] { checkRetry(r, path: path) }
        if let c = o["Catch"] { targets += checkCatch(c, path: path, names: names) }

        switch type {
        case "Task":
            if let resource = o["Resource"]?.stringValue {
                if let knownResources, !knownResources.contains(resource) {
                    let known = knownResources.isEmpty ? "none are registered" : "registered: \(knownResources.sorted().joined(separator: ", "))"
                    add(path, "Resource", "no handler for resource '\(resource)' (\(known))")
                }
            } else {
                add(path, "Resource", "a Task needs a Resource string")
            }
            if let t = o["TimeoutSeconds"], !isPositiveInteger(t) { add(path, "TimeoutSeconds", "must be a positive integer") }
            if o["TimeoutSeconds"] != nil && o["TimeoutSecondsPath"] != nil {
                add(path, "TimeoutSecondsPath", "use TimeoutSeconds or TimeoutSecondsPath, not both")
            }
            checkPath(o["TimeoutSecondsPath"], path: path, field: "TimeoutSecondsPath", nullable: false, reference: true)
            if let h = o["HeartbeatSeconds"], !isPositiveInteger(h) { add(path, "HeartbeatSeconds", "must be a positive integer") }
        case "Choice":
            guard case .array(let choices)? = o["Choices"], !choices.isEmpty else {
                add(path, "Choices", "a Choice state needs a non-empty Choices array")
                break
            }
            for (i, rule) in choices.enumerated() {
                checkRule(rule, path: path, field: "Choices[\(i)]", topLevel: true)
                target(rule["Next"]?.stringValue, field: "Choices[\(i)].Next")
            }
            if let d = o["Default"] {
                if d.stringValue == nil { add(path, "Default", "must be a state name") }
                target(d.stringValue, field: "Default")
            }
        case "Wait":
            let present = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter { o[$0] != nil }
            if present.count != 1 {
                add(path, present.isEmpty ? "Seconds" : present.joined(separator: "/"),
                    "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath")
            }
            if let s = o["Seconds"], !(s.numberValue?.intValue.map { $0 >= 0 } ?? false) {
                add(path, "Seconds", "must be a non-negative integer")
            }
            if let t = o["Timestamp"], t.stringValue.flatMap(RFC3339.parse) == nil {
                add(path, "Timestamp", "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z")
            }
            checkPath(o["SecondsPath"], path: path, field: "SecondsPath", nullable: false, reference: true)
            checkPath(o["TimestampPath"], path: path, field: "TimestampPath", nullable: false, reference: true)
        case "Fail":
            for (a, b) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
                if o[a] != nil && o[b] != nil { add(path, b, "use \(a) or \(b), not both") }
                if let v = o[a], v.stringValue == nil { add(path, a, "must be a string") }
                if let v = o[b] {
                    if let text = v.stringValue {
                        do {
                            // AWS lists the intrinsics that may produce a Fail state's error or cause.
                            if case .intrinsic(let call) = try ValueExpression(text), !Self.failIntrinsics.contains(call.function) {
                                add(path, b, "\(call.function.rawValue) cannot be used here (allowed: \(Self.failIntrinsics.map(\.rawValue).sorted().joined(separator: ", ")))")
                            }
                        } catch { add(path, b, "\(error)") }
                    } else {
                        add(path, b, "must be a reference path or an intrinsic function call")
                    }
                }
            }
        case "Pass":
            break
        case "Parallel":
            guard case .array(let branches)? = o["Branches"], !branches.isEmpty else {
                add(path, "Branches", "a Parallel state needs a non-empty Branches array")
                break
            }
            for (i, b) in branches.enumerated() { checkMachine(b, prefix: "\(path).Branches[\(i)]", topLevel: false) }
        case "Map":
            if let processor = o["ItemProcessor"] ?? o["Iterator"] {
                let field = o["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
                if o["ItemProcessor"] != nil && o["Iterator"] != nil { add(path, "Iterator", "use ItemProcessor or Iterator, not both") }
                if let mode = processor["ProcessorConfig"]?["Mode"]?.stringValue, mode != "INLINE" {
                    add("\(path).\(field)", "ProcessorConfig.Mode", "only INLINE Map is supported")
                }
                checkMachine(processor, prefix: "\(path).\(field)", topLevel: false)
            } else {
                add(path, "ItemProcessor", "a Map state needs ItemProcessor (or the legacy Iterator)")
            }
            if o["ItemSelector"] != nil && o["Parameters"] != nil { add(path, "Parameters", "use ItemSelector or Parameters, not both") }
            checkPath(o["ItemsPath"], path: path, field: "ItemsPath", nullable: false, reference: true)
            checkPath(o["MaxConcurrencyPath"], path: path, field: "MaxConcurrencyPath", nullable: false, reference: true)
            if let m = o["MaxConcurrency"], !(m.numberValue?.intValue.map { $0 >= 0 } ?? false) {
                add(path, "MaxConcurrency", "must be a non-negative integer")
            }
            if let c = o["ToleratedFailureCount"], !(c.numberValue?.intValue.map { $0 >= 0 } ?? false) {
                add(path, "ToleratedFailureCount", "must be a non-negative integer")
            }
            if let p = o["ToleratedFailurePercentage"], !(p.numberValue.map { (0...100).contains($0.doubleValue) } ?? false) {
                add(path, "ToleratedFailurePercentage", "must be a number from 0 to 100")
            }
        default:
            break
        }
        return (targets, terminal)
    }

    private func isPositiveInteger(_ v: JSONValue) -> Bool {
        guard case .number(let n) = v, case .integer(let i) = n else { return false }
        return i > 0
    }

    private mutating func checkPath(_ v: JSONValue?, path: String, field: String, nullable: Bool, reference: Bool) {
        guard let v else { return }
        if v == .null {
            if !nullable { add(path, field, "must be a path, not null") }
            return
        }
        guard let s = v.stringValue else {
            add(path, field, nullable ? "must be a path string or null" : "must be a path string")
            return
        }
        do {
            let p = try JSONPath(s)
            if reference && !p.isReferencePath {
                add(path, field, "'\(s)' must be a reference path ($ followed by names and indexes only)")
            }
        } catch {
            add(path, field, "\(error)")
        }
    }

    private mutating func checkTemplate(_ v: JSONValue, path: String, field: String) {
        if case .array(let elements) = v {
            for (i, element) in elements.enumerated() { checkTemplate(element, path: path, field: "\(field)[\(i)]") }
            return
        }
        guard case .object(let o) = v else { return }
        for (key, value) in o {
            let f = "\(field).\(key)"
            if key.hasSuffix(".$") {
                guard let s = value.stringValue else {
                    add(path, f, "a field ending in .$ must hold a path or an intrinsic function call")
                    continue
                }
                if s.hasPrefix("$") {
                    do { _ = try JSONPath(s) } catch { add(path, f, "\(error)") }
                } else {
                    do { _ = try IntrinsicCall(parsing: s) } catch { add(path, f, "\(error)") }
                }
            } else {
                checkTemplate(value, path: path, field: f)
            }
        }
    }

    private mutating func checkErrorEquals(_ v: JSONValue?, path: String, field: String, isLast: Bool) {
        guard case .array(let list)? = v, !list.isEmpty, list.allSatisfy({ $0.stringValue != nil }) else {
            add(path, "\(field).ErrorEquals", "must be a non-empty array of error names")
            return
        }
        if list.contains("States.ALL") {
            if list.count > 1 { add(path, "\(field).ErrorEquals", "States.ALL must appear alone") }
            if !isLast { add(path, "\(field).ErrorEquals", "States.ALL must be in the last element") }
        }
    }

    private mutating func checkRetry(_ v: JSONValue, path: String) {
        guard case .array(let list) = v else {
            add(path, "Retry", "must be an array of retriers")
            return
        }
        for (i, r) in list.enumerated() {
            let f = "Retry[\(i)]"
            guard case .object(let o) = r else { add(path, f, "a retrier must be an object"); continue }
            for key in o.keys where !["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment"].contains(key) {
                add(path, "\(f).\(key)", "unknown retrier field")
            }
            checkErrorEquals(o["ErrorEquals"], path: path, field: f, isLast: i == list.count - 1)
            if let x = o["IntervalSeconds"], !isPositiveInteger(x) { add(path, "\(f).IntervalSeconds", "must be an integer ≥ 1") }
            if let x = o["MaxAttempts"], !(x.numberValue.flatMap { n -> Bool? in if case .integer(let i) = n { return i >= 0 } else { return nil } } ?? false) {
                add(path, "\(f).MaxAttempts", "must be an integer ≥ 0")
            }
            if let x = o["BackoffRate"], !(x.numberValue.map { $0.doubleValue >= 1 } ?? false) {
                add(path, "\(f).BackoffRate", "must be a number ≥ 1.0")
            }
            if let x = o["MaxDelaySeconds"], !isPositiveInteger(x) { add(path, "\(f).MaxDelaySeconds", "must be an integer ≥ 1") }
            if let x = o["JitterStrategy"], x != "FULL" && x != "NONE" { add(path, "\(f).JitterStrategy", "must be FULL or NONE") }
        }
    }

    private mutating func checkCatch(_ v: JSONValue, path: String, names: Set<String>) -> [String] {
        guard case .array(let list) = v else {
            add(path, "Catch", "must be an array of catchers")
            return []
        }
        var targets: [String] = []
        for (i, c) in list.enumerated() {
            let f = "Catch[\(i)]"
            guard case .object(let o) = c else { add(path, f, "a catcher must be an object"); continue }
            for key in o.keys where !["ErrorEquals", "Next", "ResultPath", "Comment"].contains(key) {
                add(path, "\(f).\(key)", "unknown catcher field")
            }
            checkErrorEquals(o["ErrorEquals"], path: path, field: f, isLast: i == list.count - 1)
            if let next = o["Next"]?.stringValue {
                if !names.contains(next) { add(path, "\(f).Next", "'\(next)' is not a state of this machine") }
                targets.append(next)
            } else {
                add(path, "\(f).Next", "a catcher needs Next")
            }
            checkPath(o["ResultPath"], path: path, field: "\(f).ResultPath", nullable: true, reference: true)
        }
        return targets
    }

    private mutating func checkRule(_ rule: JSONValue, path: String, field: String, topLevel: Bool) {
        guard case .object(let o) = rule else { add(path, field, "a Choice rule must be an object"); return }
        if topLevel && o["Next"] == nil { add(path, "\(field).Next", "a top-level Choice rule needs Next") }
        if !topLevel && o["Next"] != nil { add(path, "\(field).Next", "only top-level Choice rules have Next") }
        var operators: [String] = []
        for key in o.keys {
            switch key {
            case "Next", "Comment", "Variable": continue
            case "And", "Or":
                operators.append(key)
                guard case .array(let list)? = o[key], !list.isEmpty else {
                    add(path, "\(field).\(key)", "must be a non-empty array of rules")
                    continue
                }
                for (i, r) in list.enumerated() { checkRule(r, path: path, field: "\(field).\(key)[\(i)]", topLevel: false) }
            case "Not":
                operators.append(key)
                if let inner = o[key] { checkRule(inner, path: path, field: "\(field).Not", topLevel: false) }
            default:
                guard let (op, isPath) = ComparisonOperator.lookup(key) else {
                    add(path, "\(field).\(key)", "not a Choice comparison operator")
                    continue
                }
                operators.append(key)
                let value = o[key] ?? .null
                if isPath {
                    checkPath(value, path: path, field: "\(field).\(key)", nullable: false, reference: false)
                } else if op.operandType != value.typeName {
                    add(path, "\(field).\(key)", "\(key) compares against a \(op.operandType), not a \(value.typeName)")
                } else if op.operandType == "string", key.hasPrefix("Timestamp"), RFC3339.parse(value.stringValue ?? "") == nil {
                    add(path, "\(field).\(key)", "'\(value.stringValue ?? "")' is not an RFC 3339 timestamp")
                }
            }
        }
        if operators.count != 1 {
            add(path, field, operators.isEmpty ? "a rule needs exactly one comparison or And/Or/Not"
                                               : "a rule has exactly one comparison, found \(operators.joined(separator: ", "))")
        }
        let isComparison = operators.count == 1 && !["And", "Or", "Not"].contains(operators[0])
        if isComparison {
            if o["Variable"] == nil { add(path, "\(field).Variable", "a comparison needs Variable") }
            else { checkPath(o["Variable"], path: path, field: "\(field).Variable", nullable: false, reference: false) }
        } else if o["Variable"] != nil, !operators.isEmpty {
            add(path, "\(field).Variable", "And/Or/Not rules have no Variable")
        }
    }
}
