/// Map (inline): runs its item processor once per element of an array.
extension DefinitionParser {
    mutating func parseMap(_ o: JSONObject, path: String, into s: State) {
        if let processor = o["ItemProcessor"] ?? o["Iterator"] {
            let field = o["ItemProcessor"] != nil ? "ItemProcessor" : "Iterator"
            if o["ItemProcessor"] != nil && o["Iterator"] != nil { add(path, "Iterator", "use ItemProcessor or Iterator, not both") }
            if let mode = processor["ProcessorConfig"]?["Mode"]?.stringValue, mode != "INLINE" {
                add("\(path).\(field)", "ProcessorConfig.Mode", "only INLINE Map is supported")
            }
            s.iterator = machine(processor, prefix: "\(path).\(field)", topLevel: false)
        } else {
            add(path, "ItemProcessor", "a Map state needs ItemProcessor (or the legacy Iterator)")
        }
        // The legacy `Parameters` of a Map is its ItemSelector.
        if o["ItemSelector"] != nil && o["Parameters"] != nil { add(path, "Parameters", "use ItemSelector or Parameters, not both") }
        if let selector = o["ItemSelector"] {
            if selector.objectValue == nil { add(path, "ItemSelector", "must be an object") }
            s.itemSelector = template(selector, path: path, field: "ItemSelector")
            s.parameters = nil
        } else if o["Parameters"] != nil {
            s.itemSelector = s.parameters
            s.parameters = nil
        }
        if let items = requiredPath(o["ItemsPath"], path: path, field: "ItemsPath", reference: true) { s.itemsPath = .path(items) }
        for field in ["MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage"] { exclusive(o, field, path: path) }
        if let m = o["MaxConcurrency"] {
            if let limit = nonNegativeInteger(m) { s.maxConcurrency = limit }
            else { add(path, "MaxConcurrency", "must be a non-negative integer") }
        }
        if let c = o["ToleratedFailureCount"] {
            if let count = nonNegativeInteger(c) { s.toleratedFailureCount = count }
            else { add(path, "ToleratedFailureCount", "must be a non-negative integer") }
        }
        if let p = o["ToleratedFailurePercentage"] {
            if let share = p.numberValue?.doubleValue, (0...100).contains(share) { s.toleratedFailurePercentage = share }
            else { add(path, "ToleratedFailurePercentage", "must be a number from 0 to 100") }
        }
        s.maxConcurrencyPath = requiredPath(o["MaxConcurrencyPath"], path: path, field: "MaxConcurrencyPath", reference: true)
        s.toleratedFailureCountPath = requiredPath(o["ToleratedFailureCountPath"], path: path,
                                                   field: "ToleratedFailureCountPath", reference: true)
        s.toleratedFailurePercentagePath = requiredPath(o["ToleratedFailurePercentagePath"], path: path,
                                                        field: "ToleratedFailurePercentagePath", reference: true)
    }
}
