/// `Retry` and `Catch`, shared by Task, Parallel and Map.
extension DefinitionParser {
    private static let retrierFields: Set<String> = ["ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                                                     "MaxDelaySeconds", "JitterStrategy", "Comment"]
    private static let catcherFields: Set<String> = ["ErrorEquals", "Next", "ResultPath", "Comment", "Assign"]

    mutating func retriers(_ v: JSONValue, path: String) -> [Retrier] {
        guard case .array(let list) = v else {
            add(path, "Retry", "must be an array of retriers")
            return []
        }
        var out: [Retrier] = []
        for (i, r) in list.enumerated() {
            let f = "Retry[\(i)]"
            guard case .object(let o) = r else { add(path, f, "a retrier must be an object"); continue }
            for key in o.keys where !Self.retrierFields.contains(key) { add(path, "\(f).\(key)", "unknown retrier field") }
            comment(o, path: path, field: "\(f).Comment")
            var retrier = Retrier(errorEquals: errorEquals(o["ErrorEquals"], path: path, field: f, isLast: i == list.count - 1))
            if let x = o["IntervalSeconds"] {
                if let seconds = positiveInteger(x) { retrier.intervalSeconds = Double(seconds) }
                else { add(path, "\(f).IntervalSeconds", "must be an integer ≥ 1") }
            }
            if let x = o["MaxAttempts"] {
                if case .number(.integer(let attempts)) = x, attempts >= 0 { retrier.maxAttempts = attempts }
                else { add(path, "\(f).MaxAttempts", "must be an integer ≥ 0") }
            }
            if let x = o["BackoffRate"] {
                if let rate = x.numberValue?.doubleValue, rate >= 1 { retrier.backoffRate = rate }
                else { add(path, "\(f).BackoffRate", "must be a number ≥ 1.0") }
            }
            if let x = o["MaxDelaySeconds"] {
                if let seconds = positiveInteger(x) { retrier.maxDelaySeconds = Double(seconds) }
                else { add(path, "\(f).MaxDelaySeconds", "must be an integer ≥ 1") }
            }
            if let x = o["JitterStrategy"] {
                if x != "FULL" && x != "NONE" { add(path, "\(f).JitterStrategy", "must be FULL or NONE") }
                retrier.fullJitter = x == "FULL"
            }
            out.append(retrier)
        }
        return out
    }

    mutating func catchers(_ v: JSONValue, flow: inout StateFlow) -> [Catcher] {
        let path = flow.path
        guard case .array(let list) = v else {
            add(path, "Catch", "must be an array of catchers")
            return []
        }
        var out: [Catcher] = []
        for (i, c) in list.enumerated() {
            let f = "Catch[\(i)]"
            guard case .object(let o) = c else { add(path, f, "a catcher must be an object"); continue }
            for key in o.keys where !Self.catcherFields.contains(key) { add(path, "\(f).\(key)", "unknown catcher field") }
            comment(o, path: path, field: "\(f).Comment")
            let errors = errorEquals(o["ErrorEquals"], path: path, field: f, isLast: i == list.count - 1)
            let next = o["Next"]?.stringValue
            if let next {
                target(next, field: "\(f).Next", flow: &flow)
            } else {
                add(path, "\(f).Next", "a catcher needs Next")
            }
            let resultPath = optionalPath(o["ResultPath"], path: path, field: "\(f).ResultPath", reference: true)
            let assign = o["Assign"].flatMap { self.assign($0, path: path, field: "\(f).Assign") }
            out.append(Catcher(errorEquals: errors, next: next ?? "", resultPath: resultPath, assign: assign))
        }
        return out
    }

    private mutating func errorEquals(_ v: JSONValue?, path: String, field: String, isLast: Bool) -> [String] {
        guard case .array(let list)? = v, !list.isEmpty, list.allSatisfy({ $0.stringValue != nil }) else {
            add(path, "\(field).ErrorEquals", "must be a non-empty array of error names")
            return []
        }
        if list.contains("States.ALL") {
            if list.count > 1 { add(path, "\(field).ErrorEquals", "States.ALL must appear alone") }
            if !isLast { add(path, "\(field).ErrorEquals", "States.ALL must be in the last element") }
        }
        return list.compactMap(\.stringValue)
    }
}
