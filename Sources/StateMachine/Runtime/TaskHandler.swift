/// What a task handler learns about the state it runs for.
public struct TaskContext: Sendable {
    public var stateName: String
    public var executionName: String
    /// 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int
    /// Beat it as the work progresses: a state with `HeartbeatSeconds` fails when that long
    /// passes without a beat. (Also reachable as `TaskHeartbeat.current` inside the handler.)
    public var heartbeat: TaskHeartbeat

    public init(stateName: String, executionName: String, attempt: Int, heartbeat: TaskHeartbeat = TaskHeartbeat()) {
        self.stateName = stateName
        self.executionName = executionName
        self.attempt = attempt
        self.heartbeat = heartbeat
    }
}

/// Runs the work of Task states whose `Resource` it is registered under.
///
/// Handlers are called concurrently (Parallel branches, Map iterations) and should honour
/// task cancellation, which the engine uses for timeouts and failing siblings.
public protocol TaskHandler: Sendable {
    func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue
}

/// A named ASL error raised by a task, matched by `Retry`/`Catch` `ErrorEquals`.
///
/// Any other error a handler throws becomes `States.TaskFailed` with the error's description as cause.
public struct TaskFailure: Error, Sendable, CustomStringConvertible {
    public var error: String
    public var cause: String?

    public init(error: String, cause: String?) {
        self.error = error
        self.cause = cause
    }

    public var description: String { cause.map { "\(error): \($0)" } ?? error }
}
