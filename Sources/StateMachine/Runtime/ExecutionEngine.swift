import Foundation
import Logging

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
    let logger: Logger
    let stillRunningLogSeconds: Double?

    /// A logger that drops everything: the default, so the engine logs only when asked to.
    public static let silentLogger = Logger(label: "medallion.statemachine", factory: { _ in SwiftLogNoOpLogHandler() })

    /// - Parameters:
    ///   - handlers: Task handlers keyed by the `Resource` string they serve.
    ///   - observer: receives every history event; nil records nothing (fastest).
    ///   - clock: time source and sleeper for Wait, Retry and timeouts; tests inject a fake.
    ///   - stateMachineName: shown in the context object (`$$.StateMachine.Name`).
    ///   - logger: receives what the result and history do not show as it happens: retries
    ///     and their waits (warning), "still running" lines of long tasks, waits, task ends and the
    ///     execution's start and end (info), states entered (debug).
    ///   - stillRunningLogSeconds: how often a running Task logs that it is still running; nil
    ///     logs none. (A state's `HeartbeatSeconds` is enforced, not logged.)
    public init(definition: StateMachineDefinition, handlers: [String: any TaskHandler],
                observer: (any ExecutionObserver)? = nil, clock: any ExecutionClock = SystemClock(),
                stateMachineName: String = "StateMachine", logger: Logger = ExecutionEngine.silentLogger,
                stillRunningLogSeconds: Double? = 60) {
        self.definition = definition
        self.handlers = handlers
        self.observer = observer
        self.clock = clock
        self.stateMachineName = stateMachineName
        self.logger = logger
        self.stillRunningLogSeconds = stillRunningLogSeconds
    }

    /// Runs one execution to its end; never throws: failures are a ``ExecutionResult/failed(error:cause:)``.
    public func run(input: JSONValue, executionName: String) async -> ExecutionResult {
        await execute(input: input, executionName: executionName, startAt: nil)
    }

    /// Redrives a failed execution: runs again from `stateName` (a top-level state, normally the
    /// one that failed) with `stateInput`, the input that state received (its `…StateEntered`
    /// event's input). History starts with `ExecutionRedriven` instead of `ExecutionStarted`.
    ///
    /// - Parameter executionInput: the original execution input, for `$$.Execution.Input`.
    public func redrive(fromState stateName: String, stateInput: JSONValue, executionInput: JSONValue,
                        executionName: String) async -> ExecutionResult {
        guard definition.states[stateName] != nil else {
            return .failed(error: "States.Runtime", cause: "Cannot redrive from '\(stateName)': the definition has no such top-level state")
        }
        return await execute(input: stateInput, executionName: executionName, startAt: stateName, executionInput: executionInput)
    }

    private func execute(input: JSONValue, executionName: String, startAt: String?,
                         executionInput: JSONValue? = nil) async -> ExecutionResult {
        let run = ExecutionRun(engine: self, executionName: executionName, input: executionInput ?? input)
        let cursor = EventCursor()
        run.emit(cursor, startAt == nil ? "ExecutionStarted" : "ExecutionRedriven", state: startAt, input: { input.serialized() })
        let started = clock.now()
        if let startAt {
            run.logger.info("execution redriven", metadata: ["state": "\(startAt)"])
        } else {
            run.logger.info("execution started")
        }
        func seconds() -> Logger.MetadataValue { .stringConvertible(ExecutionRun.rounded(clock.now().timeIntervalSince(started))) }
        do {
            let output: JSONValue
            if let timeout = definition.timeoutSeconds {
                output = try await withDeadlines(timeout: timeout, heartbeat: nil, clock: clock) {
                    try await run.runMachine(self.definition, input: input, cursor: cursor, startAt: startAt)
                }
            } else {
                output = try await run.runMachine(definition, input: input, cursor: cursor, startAt: startAt)
            }
            run.emit(cursor, "ExecutionSucceeded", output: { output.serialized() })
            run.logger.info("execution succeeded", metadata: ["duration_s": seconds()])
            return .succeeded(output)
        } catch is TimeoutExpired {
            let cause = "The execution ran longer than its TimeoutSeconds"
            run.emit(cursor, "ExecutionTimedOut", error: "States.Timeout", cause: cause)
            run.logger.notice("execution timed out", metadata: ["duration_s": seconds()])
            return .failed(error: "States.Timeout", cause: cause)
        } catch {
            let e = StatesError.from(error)
            run.emit(cursor, "ExecutionFailed", error: e.error, cause: e.cause)
            // Notice, not error: the caller gets the failure as the result and reports it.
            run.logger.notice("execution failed", metadata: ExecutionRun.describe(e).merging(["duration_s": seconds()]) { $1 })
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
