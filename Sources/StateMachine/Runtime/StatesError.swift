/// A named ASL error raised while running a state (`States.Runtime`, a task's own error, …).
struct StatesError: Error, Sendable, CustomStringConvertible {
    var error: String
    var cause: String?

    var description: String { cause.map { "\(error): \($0)" } ?? error }

    static func runtime(_ cause: String) -> StatesError { StatesError(error: "States.Runtime", cause: cause) }
    static func intrinsic(_ cause: String) -> StatesError { StatesError(error: "States.IntrinsicFailure", cause: cause) }
    static func resultPath(_ cause: String) -> StatesError { StatesError(error: "States.ResultPathMatchFailure", cause: cause) }
}
