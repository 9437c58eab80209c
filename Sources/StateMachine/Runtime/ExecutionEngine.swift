import Foundation

/// Runs executions of one state machine definition.
///
/// ```swift
/// let engine = ExecutionEngine(definition: try .parse(data), handlers: ["medallion:bronze": Bronze()])
/// switch await engine.run(input: ["dataset": "nsde"], executionName: "run-1") { … }
/// ```
public struct ExecutionEngine: Sendable {
    let definition: StateMachineDefinition
    let handlers: [String: any TaskHandler]
    let observer: (any ExecutionObserver)?
    let clock: any ExecutionClock
    let stateMachineName: String

    /// - Parameters:
    ///   - handlers: Task handlers keyed by the `Resource` string they serve.
    ///   - observer: receives every history event; nil records nothing (fastest).
    ///   - clock: time source and sleeper for Wait, Retry and timeouts; tests inject a fake.
    ///   - stateMachineName: shown in the context object (`$$.StateMachine.Name`).
    public init(definition: StateMachineDefinition, handlers: [String: any TaskHandler],
                observer: (any ExecutionObserver)? = nil, clock: any ExecutionClock = SystemClock(),
                stateMachineName: String = "StateMachine") {
        self.definition = definition
        self.handlers = handlers
        self.observer = observer
        self.clock = clock
        self.stateMachineName = stateMachineName
    }

    /// Runs one execution to its end; never throws: failures are a ``ExecutionResult/failed(error:cause:)``.
    public func run(input: JSONValue, executionName: String) async -> ExecutionResult {
        let run = ExecutionRun(engine: self, executionName: executionName, input: input)
        let cursor = EventCursor()
        run.emit(cursor, "ExecutionStarted", input: { input.serialized() })
        do {
            let output: JSONValue
            if let timeout = definition.timeoutSeconds {
                output = try await withTimeout(seconds: timeout, clock: clock) {
                    try await run.runMachine(self.definition, input: input, cursor: cursor)
                }
            } else {
                output = try await run.runMachine(definition, input: input, cursor: cursor)
            }
            run.emit(cursor, "ExecutionSucceeded", output: { output.serialized() })
            return .succeeded(output)
        } catch is TimeoutExpired {
            let cause = "The execution ran longer than its TimeoutSeconds"
            run.emit(cursor, "ExecutionTimedOut", error: "States.Timeout", cause: cause)
            return .failed(error: "States.Timeout", cause: cause)
        } catch {
            let e = StatesError.from(error)
            run.emit(cursor, "ExecutionFailed", error: e.error, cause: e.cause)
            return .failed(error: e.error, cause: e.cause)
        }
    }
}

extension StatesError {
    /// Maps anything a state or handler threw to a named ASL error.
    static func from(_ error: any Error) -> StatesError {
        switch error {
        case let e as StatesError: return e
        case let e as TaskFailure: return StatesError(error: e.error, cause: e.cause)
        case is CancellationError: return StatesError(error: "States.Runtime", cause: "The execution was cancelled")
        default: return StatesError(error: "States.TaskFailed", cause: String(describing: error))
        }
    }
}

/// Thrown by ``withTimeout(seconds:clock:_:)`` when the deadline passes first.
struct TimeoutExpired: Error {}

/// Runs `body`, throwing ``TimeoutExpired`` (and cancelling it) when it does not finish within `seconds`.
func withTimeout<T: Sendable>(seconds: Double, clock: any ExecutionClock,
                              _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await clock.sleep(seconds: seconds)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimeoutExpired() }
        return value
    }
}
