import Foundation
import Manifest
import StateMachine

/// How each state fared in a recorded run, read from its history events.
enum RunMarks {
    /// Event types that end a state in failure (its own name is on the event).
    private static let failures: Set<String> = ["TaskFailed", "TaskTimedOut", "ParallelStateFailed", "MapStateFailed"]

    /// Marks for every state name in `names` (states of nested machines included): entered and
    /// left is succeeded; a failure event, or entered but never left in a run that failed, is
    /// failed; never entered is skipped when the run went its way, not reached when it failed.
    static func marks(events: [ExecutionEventRecord], run: RunStatus, names: [String]) -> [String: StateRunMark] {
        Dictionary(timeline(events: events, run: run, names: names).map { ($0.state, $0.mark) }, uniquingKeysWith: { first, _ in first })
    }

    /// One state of a run's timeline: its mark and when it was first entered.
    struct Entry: Sendable {
        var state: String
        var mark: StateRunMark
        var entered: Date?
    }

    /// Every state in `names` with its mark, the entered ones first in the order they were
    /// entered, the rest in `names` order.
    static func timeline(events: [ExecutionEventRecord], run: RunStatus, names: [String]) -> [Entry] {
        var entered: [String: Date] = [:]
        var enteredOrder: [String: Int] = [:]
        var exited: [String: Date] = [:]
        var failed: [String: Date] = [:]
        var attempts: [String: Int] = [:]
        var lastEntered: String?
        for event in events {
            guard let name = event.stateName else {
                // A Fail state ends the execution without an exit event of its own.
                if event.type == "ExecutionFailed", let last = lastEntered, exited[last] == nil { failed[last] = event.timestamp }
                continue
            }
            if event.type.hasSuffix("StateEntered") {
                if entered[name] == nil {
                    entered[name] = event.timestamp
                    // Timestamps have millisecond resolution: states entered within one keep history order.
                    enteredOrder[name] = enteredOrder.count
                }
                lastEntered = name
            } else if event.type.hasSuffix("StateExited") {
                exited[name] = event.timestamp
            } else if failures.contains(event.type) {
                failed[name] = event.timestamp
            } else if event.type == "TaskScheduled" {
                attempts[name, default: 0] += 1
            }
        }
        let runFailed = run == .failed || run == .interrupted
        var entries: [Entry] = []
        for name in names {
            guard let start = entered[name] else {
                entries.append(Entry(state: name, mark: StateRunMark(status: runFailed ? .notReached : .skipped, seconds: nil, attempts: 0),
                                     entered: nil))
                continue
            }
            let status: StateRunMark.Status
            let end: Date?
            if let exit = exited[name], failed[name].map({ $0 <= exit }) ?? true {
                // A caught failure still leaves through a catcher; it counts as failed.
                status = failed[name] == nil ? .succeeded : .failed
                end = exit
            } else if let failure = failed[name] {
                status = .failed
                end = failure
            } else {
                status = runFailed ? .failed : .succeeded
                end = nil
            }
            entries.append(Entry(state: name, mark: StateRunMark(status: status, seconds: end.map { $0.timeIntervalSince(start) },
                                                                 attempts: attempts[name] ?? 0), entered: start))
        }
        let position = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return entries.sorted { a, b in
            switch (a.entered, b.entered) {
            case (.some, .some): return enteredOrder[a.state, default: 0] < enteredOrder[b.state, default: 0]
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return position[a.state, default: 0] < position[b.state, default: 0]
            }
        }
    }
}
