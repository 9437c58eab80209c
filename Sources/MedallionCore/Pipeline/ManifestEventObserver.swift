import Foundation
import Manifest
import StateMachine

/// Persists the engine's history events as they happen, so `medallion history` shows a run
/// while it is still going.
final class ManifestEventObserver: ExecutionObserver, @unchecked Sendable {
    private let store: any ManifestStore
    private let executionName: String
    private let lock = NSLock()
    private var failures = 0

    /// Event ids continue after `idOffset` (a redrive appends to the history it resumes).
    private let idOffset: Int

    init(store: any ManifestStore, executionName: String, idOffset: Int = 0) {
        self.store = store
        self.executionName = executionName
        self.idOffset = idOffset
    }

    struct Details: Encodable {
        var resource: String?
        var input: String?
        var output: String?
        var error: String?
        var cause: String?
        /// AWS's `assignedVariables`: each variable a state assigned, its value as JSON text.
        var assignedVariables: [String: String]?
    }

    func record(_ event: HistoryEvent) {
        let details = Details(resource: event.resource, input: event.input, output: event.output,
                              error: event.error, cause: event.cause, assignedVariables: event.assignedVariables)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(details)).map { String(decoding: $0, as: UTF8.self) }
        let record = ExecutionEventRecord(executionName: executionName, eventId: event.id + idOffset,
                                          previousEventId: event.previousEventId + idOffset, type: event.type,
                                          timestamp: event.timestamp, stateName: event.stateName,
                                          detailsJSON: json == "{}" ? nil : json)
        // Events of concurrent branches arrive from several tasks; SQLite serialises the writes.
        lock.lock()
        defer { lock.unlock() }
        do {
            try store.appendEvents([record])
        } catch {
            failures += 1
        }
        // Every recorded event is a place a crash can hit (`TaskStateEntered:Silver`, …).
        CrashPoint.reach("\(event.type):\(event.stateName ?? "")")
    }

    /// Events that could not be stored (the run goes on; history would be incomplete).
    var failedWrites: Int {
        lock.lock()
        defer { lock.unlock() }
        return failures
    }
}
