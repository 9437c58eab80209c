import Foundation

/// One Step Functions-style history event (`ExecutionStarted`, `TaskStateEntered`, …).
public struct HistoryEvent: Sendable {
    /// 1-based, in emission order across the whole execution.
    public var id: Int
    /// The event before this one on the same path of execution (0 for the first).
    public var previousEventId: Int
    public var type: String
    public var timestamp: Date
    public var stateName: String?
    public var resource: String?
    /// JSON text of the state's or task's input, where the event type has one.
    public var input: String?
    /// JSON text of the output, where the event type has one.
    public var output: String?
    public var error: String?
    public var cause: String?
    /// On a `…StateExited` event: the variables the state assigned, each value as JSON text
    /// (AWS's `assignedVariables`); nil when it assigned none.
    public var assignedVariables: [String: String]?

    public init(id: Int, previousEventId: Int, type: String, timestamp: Date, stateName: String? = nil,
                resource: String? = nil, input: String? = nil, output: String? = nil,
                error: String? = nil, cause: String? = nil, assignedVariables: [String: String]? = nil) {
        self.id = id
        self.previousEventId = previousEventId
        self.type = type
        self.timestamp = timestamp
        self.stateName = stateName
        self.resource = resource
        self.input = input
        self.output = output
        self.error = error
        self.cause = cause
        self.assignedVariables = assignedVariables
    }
}

/// Receives every history event of an execution, in id order per execution path.
///
/// Called synchronously from the engine (possibly from concurrent branches): keep it fast
/// and thread-safe.
public protocol ExecutionObserver: Sendable {
    func record(_ event: HistoryEvent)
}

/// How an execution ended.
public enum ExecutionResult: Sendable {
    case succeeded(JSONValue)
    /// `error` is nil when a Fail state without `Error` ended the execution (AWS then
    /// reports no error name, not a made-up one).
    case failed(error: String?, cause: String?)
}
