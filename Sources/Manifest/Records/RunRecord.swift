import Foundation

/// Where a run stands.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, succeeded, skipped, failed
    /// The process running it died (its dataset lock was free while the run still said
    /// `running`); `medallion resume` redrives it from the state it was in.
    case interrupted

    /// Whether `medallion resume` can redrive a run in this status.
    public var isResumable: Bool { self == .failed || self == .interrupted }
}

/// One execution of a dataset's state machine.
public struct RunRecord: Sendable, Codable, Equatable {
    /// Fixed when the run starts; the engine's execution name and the key history hangs off.
    public var executionName: String
    /// `YYYYMMDDTHHMMSSZ-<8 hex>`: start time plus the start of the source SHA-256 once known.
    public var runId: String
    public var dataset: String
    public var status: RunStatus
    public var forced: Bool
    /// The source URL, already redacted of credentials.
    public var sourceURL: String
    public var sourceSHA256: String?
    public var startedAt: Date
    public var finishedAt: Date?
    public var error: String?
    public var cause: String?

    public init(executionName: String, runId: String, dataset: String, status: RunStatus = .running,
                forced: Bool, sourceURL: String, sourceSHA256: String? = nil, startedAt: Date,
                finishedAt: Date? = nil, error: String? = nil, cause: String? = nil) {
        self.executionName = executionName
        self.runId = runId
        self.dataset = dataset
        self.status = status
        self.forced = forced
        self.sourceURL = sourceURL
        self.sourceSHA256 = sourceSHA256
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.cause = cause
    }

    /// Wall-clock seconds, once finished.
    public var durationSeconds: Double? {
        finishedAt.map { $0.timeIntervalSince(startedAt) }
    }
}
