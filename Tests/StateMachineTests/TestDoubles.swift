import Foundation
import StateMachine

/// A clock whose sleeps return at once and advance its time, recording each duration.
final class FakeClock: ExecutionClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    private var recorded: [Double] = []

    var sleeps: [Double] { lock.withLock { recorded } }

    func now() -> Date { lock.withLock { current } }

    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        lock.withLock {
            recorded.append(seconds)
            current += max(0, seconds)
        }
    }
}

/// Collects history events.
final class EventRecorder: ExecutionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HistoryEvent] = []
    var events: [HistoryEvent] { lock.withLock { recorded } }
    var types: [String] { events.map(\.type) }
    func record(_ event: HistoryEvent) { lock.withLock { recorded.append(event) } }
}

/// A handler built from a closure.
struct ClosureHandler: TaskHandler {
    let body: @Sendable (JSONValue, TaskContext) async throws -> JSONValue
    init(_ body: @escaping @Sendable (JSONValue, TaskContext) async throws -> JSONValue) { self.body = body }
    func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue { try await body(input, context) }
}

/// A thread-safe counter for handlers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private var peak = 0
    private var active = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
    var count: Int { lock.withLock { value } }
    func enter() { lock.withLock { active += 1; peak = max(peak, active) } }
    func leave() { lock.withLock { active -= 1 } }
    var maxActive: Int { lock.withLock { peak } }
}

struct PlainError: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

func engine(_ definition: String, handlers: [String: any TaskHandler] = [:], observer: (any ExecutionObserver)? = nil,
            clock: any ExecutionClock = FakeClock()) throws -> ExecutionEngine {
    ExecutionEngine(definition: try StateMachineDefinition.parse(Data(definition.utf8)), handlers: handlers,
                    observer: observer, clock: clock)
}

extension ExecutionResult {
    var output: JSONValue? {
        if case .succeeded(let v) = self { return v }
        return nil
    }

    var errorName: String? {
        if case .failed(let e, _) = self { return e }
        return nil
    }

    var cause: String? {
        if case .failed(_, let c) = self { return c }
        return nil
    }
}
