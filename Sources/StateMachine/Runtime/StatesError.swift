/// A named ASL error raised while running a state (`States.Runtime`, a task's own error, …).
struct StatesError: Error, Sendable, CustomStringConvertible {
    /// nil for a Fail state without `Error`: AWS reports such a failure with no error name.
    var error: String?
    var cause: String?
    /// A Task's `HeartbeatSeconds` passed without a beat: reported as `States.Timeout`, and
    /// also matched by `States.HeartbeatTimeout` in Retry and Catch.
    var missedHeartbeat = false

    var description: String {
        switch (error, cause) {
        case let (error?, cause?): return "\(error): \(cause)"
        case let (error?, nil): return error
        case let (nil, cause?): return "(no error name): \(cause)"
        case (nil, nil): return "(no error name)"
        }
    }

    static func runtime(_ cause: String) -> StatesError { StatesError(error: "States.Runtime", cause: cause) }
    static func intrinsic(_ cause: String) -> StatesError { StatesError(error: "States.IntrinsicFailure", cause: cause) }
    static func resultPath(_ cause: String) -> StatesError { StatesError(error: "States.ResultPathMatchFailure", cause: cause) }
}
