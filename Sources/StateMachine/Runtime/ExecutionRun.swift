import Foundation
import Logging

/// The last history event on one path of execution (the main flow, a branch, an iteration).
final class EventCursor: @unchecked Sendable {
    var last = 0
    init(last: Int = 0) { self.last = last }
}

/// The state of one execution: ids for history events and the context object's fixed parts.
final class ExecutionRun: @unchecked Sendable {
    let engine: ExecutionEngine
    let executionName: String
    let recording: Bool
    /// The engine's logger, with the execution's name on every line.
    let logger: Logger
    /// Checked once: a state's or task's line must cost nothing when nobody reads it.
    private let logsStates: Bool
    private let logsTasks: Bool
    /// `$$` without `State` and `Map`, built once.
    let baseContext: JSONObject
    private let lock = NSLock()
    private var nextEventId = 1

    init(engine: ExecutionEngine, executionName: String, input: JSONValue) {
        self.engine = engine
        self.executionName = executionName
        self.recording = engine.observer != nil
        var logger = engine.logger
        logger[metadataKey: "execution"] = .string(executionName)
        self.logger = logger
        logsStates = logger.logLevel <= .debug
        logsTasks = logger.logLevel <= .info
        let start = RFC3339.format(engine.clock.now())
        let machineArn = "arn:aws:states:local:000000000000:stateMachine:\(engine.stateMachineName)"
        let executionArn = "arn:aws:states:local:000000000000:execution:\(engine.stateMachineName):\(executionName)"
        baseContext = JSONObject([
            ("Execution", JSONValue.object(JSONObject([
                ("Id", .string(executionArn)), ("Input", input), ("Name", .string(executionName)),
                ("RoleArn", "arn:aws:iam::000000000000:role/medallion"), ("StartTime", .string(start)),
                ("RedriveCount", 0),
            ]))),
            ("StateMachine", JSONValue.object(JSONObject([("Id", .string(machineArn)), ("Name", .string(engine.stateMachineName))]))),
        ])
    }

    /// Records an event when an observer is attached; the closures run only then.
    func emit(_ cursor: EventCursor, _ type: String, state: String? = nil, resource: String? = nil,
              input: (() -> String)? = nil, output: (() -> String)? = nil,
              error: String? = nil, cause: String? = nil, assigned: JSONObject? = nil) {
        guard recording, let observer = engine.observer else { return }
        lock.lock()
        let id = nextEventId
        nextEventId += 1
        lock.unlock()
        let event = HistoryEvent(id: id, previousEventId: cursor.last, type: type, timestamp: engine.clock.now(),
                                 stateName: state, resource: resource, input: input?(), output: output?(),
                                 error: error, cause: cause,
                                 assignedVariables: assigned.map { VariableAssignment.historyDetail($0) })
        cursor.last = id
        observer.record(event)
    }

    /// The context object for a state being entered.
    func context(for state: State, retryCount: Int, mapItem: (index: Int, value: JSONValue)? = nil) -> JSONValue {
        guard state.usesContext else { return .null }
        var o = baseContext
        o["State"] = .object(JSONObject([
            ("EnteredTime", .string(RFC3339.format(engine.clock.now()))), ("Name", .string(state.name)),
            ("RetryCount", .number(.integer(retryCount))),
        ]))
        if let mapItem {
            o["Map"] = .object(JSONObject([("Item", .object(JSONObject([
                ("Index", .number(.integer(mapItem.index))), ("Value", mapItem.value),
            ])))]))
        }
        return .object(o)
    }

    /// What the state's paths read besides its data: the context object and the variables
    /// as they were when the state was entered.
    func scope(for state: State, retryCount: Int, variables: [String: JSONValue],
               mapItem: (index: Int, value: JSONValue)? = nil) -> PathScope {
        PathScope(context: context(for: state, retryCount: retryCount, mapItem: mapItem), variables: variables)
    }

    // MARK: the state loop

    /// Runs a (sub-)machine from StartAt to a terminal state and returns its output.
    /// `variables` are the enclosing scope's (a Parallel branch or Map iteration reads them;
    /// what it assigns stays in it).
    func runMachine(_ machine: StateMachineDefinition, input: JSONValue, cursor: EventCursor,
                    startAt: String? = nil, variables outer: [String: JSONValue] = [:]) async throws -> JSONValue {
        var name = startAt ?? machine.startAt
        var value = input
        var variables = outer
        // Each variable's JSON size for the 10 MiB limit, measured once (see VariableAssignment.apply).
        var sizes: [String: Int]?
        while true {
            try Task.checkCancellation()
            guard let state = machine.states[name] else {
                throw StatesError.runtime("The state '\(name)' does not exist")
            }
            let stateInput = value
            emit(cursor, "\(state.kind.rawValue)StateEntered", state: state.name, input: { stateInput.serialized() })
            if logsStates { logger.debug("state entered", metadata: ["state": .string(state.name), "type": .string(state.kind.rawValue)]) }
            let outcome: StateOutcome
            do {
                outcome = try await execute(state, input: value, cursor: cursor, variables: variables)
            } catch let error as StateFailedWithCatch {
                try VariableAssignment.apply(error.assigned, to: &variables, sizes: &sizes)
                value = error.output
                name = error.next
                continue
            }
            try VariableAssignment.apply(outcome.assigned, to: &variables, sizes: &sizes)
            value = outcome.output
            emit(cursor, "\(state.kind.rawValue)StateExited", state: state.name, output: { [value] in value.serialized() },
                 assigned: outcome.assigned)
            guard let next = outcome.next else { return value }
            name = next
        }
    }

    /// Executes one state: its output, the next state's name (nil at the end) and the
    /// variables it assigns.
    private func execute(_ state: State, input: JSONValue, cursor: EventCursor,
                         variables: [String: JSONValue]) async throws -> StateOutcome {
        switch state.kind {
        case .pass:
            let scope = self.scope(for: state, retryCount: 0, variables: variables)
            var effective = try InputOutput.inputPath(state.inputPath, input, scope: scope)
            if let parameters = state.parameters { effective = try parameters.evaluate(input: effective, scope: scope) }
            let result = state.result ?? effective
            let assigned = try VariableAssignment.evaluate(state.assign, data: result, scope: scope, state: state.name)
            let combined = try InputOutput.resultPath(state.resultPath, rawInput: input, result: result)
            return StateOutcome(output: try InputOutput.outputPath(state.outputPath, combined, scope: scope), next: state.next,
                                assigned: assigned)

        case .choice:
            let scope = self.scope(for: state, retryCount: 0, variables: variables)
            let effective = try InputOutput.inputPath(state.inputPath, input, scope: scope)
            let output = try InputOutput.outputPath(state.outputPath, effective, scope: scope)
            // A matching rule's own Assign replaces the state's; the state's goes with Default.
            for choice in state.choices where try choice.rule.matches(input: effective, scope: scope) {
                let assigned = try VariableAssignment.evaluate(choice.assign, data: effective, scope: scope, state: state.name)
                return StateOutcome(output: output, next: choice.next, assigned: assigned)
            }
            if let d = state.defaultNext {
                let assigned = try VariableAssignment.evaluate(state.assign, data: effective, scope: scope, state: state.name)
                return StateOutcome(output: output, next: d, assigned: assigned)
            }
            throw StatesError(error: "States.NoChoiceMatched", cause: "No Matches!")

        case .wait:
            let scope = self.scope(for: state, retryCount: 0, variables: variables)
            let effective = try InputOutput.inputPath(state.inputPath, input, scope: scope)
            let seconds = try waitSeconds(state, effective, scope: scope)
            if seconds > 0 { logger.info("waiting", metadata: ["state": .string(state.name), "wait_s": .stringConvertible(Self.rounded(seconds))]) }
            try await engine.clock.sleep(seconds: seconds)
            let assigned = try VariableAssignment.evaluate(state.assign, data: effective, scope: scope, state: state.name)
            return StateOutcome(output: try InputOutput.outputPath(state.outputPath, effective, scope: scope), next: state.next,
                                assigned: assigned)

        case .succeed:
            let scope = self.scope(for: state, retryCount: 0, variables: variables)
            let effective = try InputOutput.inputPath(state.inputPath, input, scope: scope)
            return StateOutcome(output: try InputOutput.outputPath(state.outputPath, effective, scope: scope), next: nil, assigned: nil)

        case .fail:
            var error = state.failError
            var cause = state.failCause
            let scope = self.scope(for: state, retryCount: 0, variables: variables)
            if let p = state.failErrorPath {
                guard let v = try p.evaluate(input: input, scope: scope), case .string(let s) = v else {
                    throw StatesError.runtime("The ErrorPath '\(p.text)' of state '\(state.name)' does not select a string")
                }
                error = s
            }
            if let p = state.failCausePath {
                guard let v = try p.evaluate(input: input, scope: scope), case .string(let s) = v else {
                    throw StatesError.runtime("The CausePath '\(p.text)' of state '\(state.name)' does not select a string")
                }
                cause = s
            }
            // No invented name: AWS reports a Fail state without Error as a failure without one.
            throw StatesError(error: error, cause: cause)

        case .task, .parallel, .map:
            return try await executeWithRetry(state, input: input, cursor: cursor, variables: variables)
        }
    }

    private func waitSeconds(_ state: State, _ effective: JSONValue, scope: PathScope) throws -> Double {
        switch state.wait {
        case .seconds(let s)?: return s
        case .timestamp(let t)?:
            guard let date = RFC3339.parse(t) else { throw StatesError.runtime("Invalid timestamp '\(t)'") }
            return date.timeIntervalSince(engine.clock.now())
        case .secondsPath(let p)?:
            guard let v = p.select(effective, scope), case .number(let n) = v, let i = n.intValue, i >= 0 else {
                throw StatesError.runtime("The SecondsPath '\(p.text)' of state '\(state.name)' does not select a non-negative integer")
            }
            return Double(i)
        case .timestampPath(let p)?:
            guard let v = p.select(effective, scope), case .string(let t) = v, let date = RFC3339.parse(t) else {
                throw StatesError.runtime("The TimestampPath '\(p.text)' of state '\(state.name)' does not select an RFC 3339 timestamp")
            }
            return date.timeIntervalSince(engine.clock.now())
        case nil:
            return 0
        }
    }

    /// Task, Parallel and Map: run with the state's retriers; a catcher turns the final error
    /// into a transition (with the catcher's Assign in place of the state's).
    private func executeWithRetry(_ state: State, input: JSONValue, cursor: EventCursor,
                                  variables: [String: JSONValue]) async throws -> StateOutcome {
        var attempts = [Int](repeating: 0, count: state.retry.count)
        var retryCount = 0
        while true {
            do {
                let (output, assigned) = try await executeOnce(state, input: input, retryCount: retryCount, cursor: cursor,
                                                               variables: variables)
                return StateOutcome(output: output, next: state.next, assigned: assigned)
            } catch {
                if error is CancellationError || Task.isCancelled { throw error }
                let failure = StatesError.from(error)
                if let index = state.retry.firstIndex(where: { ErrorMatching.matches(failure, $0.errorEquals) }) {
                    let retrier = state.retry[index]
                    if attempts[index] < retrier.maxAttempts {
                        var delay = retrier.intervalSeconds * pow(retrier.backoffRate, Double(attempts[index]))
                        if let cap = retrier.maxDelaySeconds { delay = min(delay, cap) }
                        if retrier.fullJitter { delay = Double.random(in: 0...delay) }
                        attempts[index] += 1
                        retryCount += 1
                        // Logged before the wait: the backoff is the silence that follows.
                        logger.warning("retrying after error", metadata: Self.describe(failure).merging([
                            "state": .string(state.name), "attempt": .stringConvertible(retryCount + 1),
                            "max_attempts": .stringConvertible(retrier.maxAttempts + 1),
                            "wait_s": .stringConvertible(Self.rounded(delay)),
                        ]) { $1 })
                        try await engine.clock.sleep(seconds: delay)
                        continue
                    }
                }
                if let catcher = state.catchers.first(where: { ErrorMatching.matches(failure, $0.errorEquals) }) {
                    logger.info("error caught", metadata: Self.describe(failure).merging([
                        "state": .string(state.name), "next": .string(catcher.next),
                    ]) { $1 })
                    var errorOutput = JSONObject()
                    // As Cause below: empty, not absent, for a failure without an error name (moto, like the service).
                    errorOutput["Error"] = .string(failure.error ?? "")
                    // The service always sets Cause in the error output, empty when there is none.
                    errorOutput["Cause"] = .string(failure.cause ?? "")
                    let scope = self.scope(for: state, retryCount: retryCount, variables: variables)
                    let assigned = try VariableAssignment.evaluate(catcher.assign, data: .object(errorOutput), scope: scope,
                                                                   state: state.name)
                    let output = try InputOutput.resultPath(catcher.resultPath, rawInput: input, result: .object(errorOutput))
                    throw StateFailedWithCatch(output: output, next: catcher.next, assigned: assigned)
                }
                throw failure
            }
        }
    }

    private func executeOnce(_ state: State, input: JSONValue, retryCount: Int, cursor: EventCursor,
                             variables: [String: JSONValue]) async throws -> (JSONValue, JSONObject?) {
        let scope = self.scope(for: state, retryCount: retryCount, variables: variables)
        let effective = try InputOutput.inputPath(state.inputPath, input, scope: scope)
        var result: JSONValue
        switch state.kind {
        case .task:
            let parameters = try state.parameters.map { try $0.evaluate(input: effective, scope: scope) } ?? effective
            result = try await invokeTask(state, parameters, effectiveInput: effective, attempt: retryCount + 1, scope: scope, cursor: cursor)
        case .parallel:
            let parameters = try state.parameters.map { try $0.evaluate(input: effective, scope: scope) } ?? effective
            result = try await runParallel(state, parameters, cursor: cursor, variables: variables)
        case .map:
            result = try await runMap(state, effective, retryCount: retryCount, cursor: cursor, variables: variables)
        default:
            result = effective
        }
        // Assign reads the raw result, before ResultSelector (as moto's interpreter, LocalStack's, orders them).
        let assigned = try VariableAssignment.evaluate(state.assign, data: result, scope: scope, state: state.name)
        if let selector = state.resultSelector { result = try selector.evaluate(input: result, scope: scope) }
        let combined = try InputOutput.resultPath(state.resultPath, rawInput: input, result: result)
        return (try InputOutput.outputPath(state.outputPath, combined, scope: scope), assigned)
    }

    private func invokeTask(_ state: State, _ parameters: JSONValue, effectiveInput: JSONValue, attempt: Int,
                            scope: PathScope, cursor: EventCursor) async throws -> JSONValue {
        let resource = state.resource ?? ""
        emit(cursor, "TaskScheduled", state: state.name, resource: resource, input: { parameters.serialized() })
        guard let handler = engine.handlers[resource] else {
            let e = StatesError(error: "States.Runtime", cause: "No handler is registered for the resource '\(resource)'")
            emit(cursor, "TaskFailed", state: state.name, resource: resource, error: e.error, cause: e.cause)
            throw e
        }
        emit(cursor, "TaskStarted", state: state.name, resource: resource)
        let beats = TaskHeartbeat(clock: engine.clock)
        let taskContext = TaskContext(stateName: state.name, executionName: executionName, attempt: attempt, heartbeat: beats)
        var timeout = state.timeoutSeconds
        if let p = state.timeoutSecondsPath {
            // A reference path into the state input (after InputPath), as on AWS — not into the
            // Parameters payload, which is what the task receives.
            guard let v = p.select(effectiveInput, scope), case .number(let n) = v, let i = n.intValue, i > 0 else {
                throw StatesError.runtime("The TimeoutSecondsPath '\(p.text)' of state '\(state.name)' does not select a positive integer")
            }
            timeout = Double(i)
        }
        var heartbeatSeconds = state.heartbeatSeconds
        if let p = state.heartbeatSecondsPath {
            guard let v = p.select(effectiveInput, scope), case .number(let n) = v, let i = n.intValue, i > 0 else {
                throw StatesError.runtime("The HeartbeatSecondsPath '\(p.text)' of state '\(state.name)' does not select a positive integer")
            }
            heartbeatSeconds = Double(i)
        }
        // Nothing is timed, built or wrapped for lines nobody reads: tasks are a hot path too
        // (a Map over many items), and without a timeout or heartbeat the handler is called as is.
        let started = logsTasks ? engine.clock.now() : nil
        func task() -> Logger.Metadata { ["state": .string(state.name), "resource": .string(resource)] }
        func elapsed() -> Logger.MetadataValue {
            .stringConvertible(Self.rounded(started.map { engine.clock.now().timeIntervalSince($0) } ?? 0))
        }
        let logEvery = logsTasks ? engine.stillRunningLogSeconds : nil
        do {
            let output: JSONValue
            if timeout == nil && heartbeatSeconds == nil && logEvery == nil {
                output = try await TaskHeartbeat.$current.withValue(beats) { try await handler.invoke(parameters, context: taskContext) }
            } else {
                let logger = self.logger, clock = engine.clock, stateName = state.name
                let invoke: @Sendable () async throws -> JSONValue = {
                    try await withStillRunningLog(every: logEvery, clock: clock, {
                        try await TaskHeartbeat.$current.withValue(beats) { try await handler.invoke(parameters, context: taskContext) }
                    }) { seconds in
                        logger.info("task still running", metadata: [
                            "state": .string(stateName), "resource": .string(resource), "elapsed_s": .stringConvertible(Self.rounded(seconds)),
                        ])
                    }
                }
                if timeout != nil || heartbeatSeconds != nil {
                    output = try await withDeadlines(timeout: timeout, heartbeat: heartbeatSeconds.map { ($0, beats) }, clock: clock, invoke)
                } else {
                    output = try await invoke()
                }
            }
            emit(cursor, "TaskSucceeded", state: state.name, resource: resource, output: { output.serialized() })
            if logsTasks { logger.info("task succeeded", metadata: task().merging(["duration_s": elapsed()]) { $1 }) }
            return output
        } catch is HeartbeatExpired {
            var e = StatesError(error: "States.Timeout",
                                cause: "The task sent no heartbeat for its HeartbeatSeconds of \(Int(heartbeatSeconds ?? 0)) s")
            e.missedHeartbeat = true
            emit(cursor, "TaskTimedOut", state: state.name, resource: resource, error: e.error, cause: e.cause)
            logger.warning("task missed its heartbeat", metadata: task().merging(Self.describe(e)) { $1 })
            throw e
        } catch is TimeoutExpired {
            let e = StatesError(error: "States.Timeout", cause: "The task ran longer than its TimeoutSeconds of \(Int(timeout ?? 0)) s")
            emit(cursor, "TaskTimedOut", state: state.name, resource: resource, error: e.error, cause: e.cause)
            logger.warning("task timed out", metadata: task().merging(Self.describe(e)) { $1 })
            throw e
        } catch {
            if error is CancellationError { throw error }
            let e = StatesError.from(error)
            emit(cursor, "TaskFailed", state: state.name, resource: resource, error: e.error, cause: e.cause)
            if logsTasks {
                var failed = task().merging(Self.describe(e)) { $1 }
                failed["duration_s"] = elapsed()
                logger.info("task failed", metadata: failed)
            }
            throw e
        }
    }
}

extension ExecutionRun {
    /// Longest cause put on a log line; the full text is in the history.
    static let causeLength = 500

    /// An error as log metadata.
    static func describe(_ error: StatesError) -> Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        if let name = error.error { metadata["error"] = .string(name) }
        if let cause = error.cause, !cause.isEmpty {
            metadata["cause"] = .string(cause.count > causeLength ? String(cause.prefix(causeLength)) + "…" : cause)
        }
        return metadata
    }

    /// Seconds to the millisecond, for log lines.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

/// A state failed and a catcher chose where to go next.
struct StateFailedWithCatch: Error {
    let output: JSONValue
    let next: String
    /// What the catcher's Assign assigns.
    let assigned: JSONObject?
}

/// What running one state gives: its output, the next state (nil at the end) and the
/// variables it assigns (nil when it has no Assign).
struct StateOutcome {
    let output: JSONValue
    let next: String?
    let assigned: JSONObject?
}

/// `ErrorEquals` matching, including the `States.ALL` and `States.TaskFailed` wildcards.
enum ErrorMatching {
    static func matches(_ failure: StatesError, _ errorEquals: [String]) -> Bool {
        // A failure without an error name (a Fail state without Error) is caught by States.ALL only.
        guard let error = failure.error else { return errorEquals.contains("States.ALL") }
        // AWS reports a missed heartbeat as States.Timeout; States.HeartbeatTimeout exists only
        // for Retry and Catch to single it out.
        if failure.missedHeartbeat && errorEquals.contains("States.HeartbeatTimeout") { return true }
        // "A States.Runtime error isn't retriable, and will always cause the execution to fail"
        // (AWS developer guide, error names): not even a retrier or catcher naming it matches.
        if error == "States.Runtime" { return false }
        for name in errorEquals {
            if name == error { return true }
            if name == "States.ALL" { return true }
            // States.TaskFailed matches every known error except States.Timeout.
            if name == "States.TaskFailed" && error != "States.Timeout" { return true }
        }
        return false
    }
}
