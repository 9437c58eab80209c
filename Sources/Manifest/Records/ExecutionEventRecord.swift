import Foundation

/// One state-machine history event as persisted (Step Functions' event shape).
public struct ExecutionEventRecord: Sendable, Codable, Equatable {
    public var executionName: String
    public var eventId: Int
    public var previousEventId: Int
    /// Step Functions' event type name, e.g. `TaskStateEntered`, `ExecutionSucceeded`.
    public var type: String
    public var timestamp: Date
    public var stateName: String?
    /// Input/output or error/cause as a JSON object text.
    public var detailsJSON: String?

    public init(executionName: String, eventId: Int, previousEventId: Int, type: String, timestamp: Date,
                stateName: String?, detailsJSON: String?) {
        self.executionName = executionName
        self.eventId = eventId
        self.previousEventId = previousEventId
        self.type = type
        self.timestamp = timestamp
        self.stateName = stateName
        self.detailsJSON = detailsJSON
    }
}
