/// Wait: for a number of seconds or until a timestamp, given literally or by a path.
extension DefinitionParser {
    mutating func parseWait(_ o: JSONObject, path: String, into s: State) {
        let present = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"].filter { o[$0] != nil }
        if present.count != 1 {
            add(path, present.isEmpty ? "Seconds" : present.joined(separator: "/"),
                "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath")
        }
        if let v = o["Seconds"] {
            if let seconds = nonNegativeInteger(v) { s.wait = .seconds(Double(seconds)) }
            else { add(path, "Seconds", "must be a non-negative integer") }
        }
        if let t = o["Timestamp"] {
            if let text = t.stringValue, RFC3339.parse(text) != nil { s.wait = .timestamp(text) }
            else { add(path, "Timestamp", "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z") }
        }
        if let p = requiredPath(o["SecondsPath"], path: path, field: "SecondsPath", reference: true) { s.wait = .secondsPath(p) }
        if let p = requiredPath(o["TimestampPath"], path: path, field: "TimestampPath", reference: true) { s.wait = .timestampPath(p) }
    }
}
