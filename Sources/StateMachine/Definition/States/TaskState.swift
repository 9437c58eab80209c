/// Task: calls a resource's handler, with timeouts and heartbeats.
extension DefinitionParser {
    mutating func parseTask(_ o: JSONObject, path: String, into s: State) {
        if let resource = o["Resource"]?.stringValue {
            s.resource = resource
            if let knownResources, !knownResources.contains(resource) {
                let known = knownResources.isEmpty ? "none are registered" : "registered: \(knownResources.sorted().joined(separator: ", "))"
                add(path, "Resource", "no handler for resource '\(resource)' (\(known))")
            }
        } else {
            add(path, "Resource", "a Task needs a Resource string")
        }
        for field in ["TimeoutSeconds", "HeartbeatSeconds"] { exclusive(o, field, path: path) }
        if let t = o["TimeoutSeconds"] {
            if let seconds = positiveInteger(t) { s.timeoutSeconds = Double(seconds) }
            else { add(path, "TimeoutSeconds", "must be a positive integer") }
        }
        if let h = o["HeartbeatSeconds"] {
            if let seconds = positiveInteger(h) { s.heartbeatSeconds = Double(seconds) }
            else { add(path, "HeartbeatSeconds", "must be a positive integer") }
        }
        // The service's own default timeout is 99999999 s, so only an explicit one can be too short.
        if let heartbeat = s.heartbeatSeconds, let timeout = s.timeoutSeconds, heartbeat >= timeout {
            add(path, "HeartbeatSeconds", "must be smaller than TimeoutSeconds (\(Int(heartbeat)) ≥ \(Int(timeout)))")
        }
        s.timeoutSecondsPath = requiredPath(o["TimeoutSecondsPath"], path: path, field: "TimeoutSecondsPath", reference: true)
        s.heartbeatSecondsPath = requiredPath(o["HeartbeatSecondsPath"], path: path, field: "HeartbeatSecondsPath", reference: true)
    }
}
