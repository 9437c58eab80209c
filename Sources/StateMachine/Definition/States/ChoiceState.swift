/// Choice: the first rule that matches names the next state, else `Default`.
extension DefinitionParser {
    mutating func parseChoice(_ o: JSONObject, flow: inout StateFlow, into s: State) {
        let path = flow.path
        guard case .array(let choices)? = o["Choices"], !choices.isEmpty else {
            add(path, "Choices", "a Choice state needs a non-empty Choices array")
            return
        }
        for (i, rule) in choices.enumerated() {
            let parsed = choiceRule(rule, path: path, field: "Choices[\(i)]", topLevel: true)
            let next = rule["Next"]?.stringValue
            target(next, field: "Choices[\(i)].Next", flow: &flow)
            let assign = rule["Assign"].flatMap { self.assign($0, path: path, field: "Choices[\(i)].Assign") }
            if let parsed, let next { s.choices.append(ChoiceBranch(rule: parsed, next: next, assign: assign)) }
        }
        if let d = o["Default"] {
            if d.stringValue == nil { add(path, "Default", "must be a state name") }
            s.defaultNext = d.stringValue
            target(d.stringValue, field: "Default", flow: &flow)
        }
    }
}
