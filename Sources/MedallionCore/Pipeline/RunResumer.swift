import Foundation
import Manifest
import StateMachine

extension DatasetRunner {
    /// `medallion resume`: redrives a failed run from the Task state that failed, with the input
    /// that state received the first time (from the run's history), like Step Functions'
    /// RedriveExecution. Earlier steps are not repeated; their outputs travel in that input.
    /// Throws for bad usage (unknown run, not failed, dataset busy): exit 2.
    public func resume(runId: String) async throws -> RunSummary {
        let clock = ContinuousClock()
        let began = clock.now
        let store = try environment.openManifest()
        guard let found = try store.run(id: runId) else { throw PipelineError.unknownRun(runId) }
        let (config, definition, _) = try prepare(dataset: found.dataset)
        let lock = try DatasetLock(dataset: config.name, environment: environment)
        defer { withExtendedLifetime(lock) {} }
        // With the lock held, a run still `running` has lost its process.
        try InterruptedRuns.settle(dataset: config.name, store: store)
        guard let run = try store.run(id: runId) else { throw PipelineError.unknownRun(runId) }
        guard run.status.isResumable else {
            throw PipelineError.notResumable(runId: runId, reason: "its status is \(run.status.rawValue); only failed or interrupted runs resume")
        }
        if let latest = try store.latestVersion(dataset: config.name), latest.startedAt > run.startedAt {
            throw PipelineError.notResumable(runId: runId, reason: "version \(latest.version) (run \(latest.runId)) is newer; "
                                             + "redriving an older run would replace it with older data: start a new run")
        }
        await cleanLeftovers(dataset: config.name, store: store, protecting: run.runId)

        let events = try store.events(executionName: run.executionName)
        let plan = try run.status == .interrupted
            ? Self.interruptedPlan(runId: runId, events: events) : Self.redrivePlan(runId: runId, events: events)
        try store.reopenRun(executionName: run.executionName)
        progress.note(dataset: config.name, "resuming run \(run.runId) from \(plan.state)")

        let observer = ManifestEventObserver(store: store, executionName: run.executionName,
                                             idOffset: events.map(\.eventId).max() ?? 0)
        let scoped = environment.scoped(to: config.name)
        let engine = ExecutionEngine(definition: definition,
                                     handlers: MedallionSteps.handlers(environment: scoped, progress: progress),
                                     observer: observer, logger: scoped.logger)
        let result = await engine.redrive(fromState: plan.state, stateInput: plan.stateInput,
                                          executionInput: plan.executionInput, executionName: run.executionName)
        let elapsed = clock.now - began
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return finish(store: store, executionName: run.executionName, dataset: config.name, forced: run.forced,
                      result: result, duration: seconds)
    }

    struct RedrivePlan {
        var state: String
        var stateInput: JSONValue
        var executionInput: JSONValue
    }

    /// The last Task that failed (its retries exhausted, then caught) and the input it entered with.
    static func redrivePlan(runId: String, events: [ExecutionEventRecord]) throws -> RedrivePlan {
        let failureTypes: Set<String> = ["TaskFailed", "TaskTimedOut", "TaskSubmitFailed"]
        guard let failed = events.last(where: { failureTypes.contains($0.type) && $0.stateName != nil }),
              let state = failed.stateName else {
            throw PipelineError.notResumable(runId: runId, reason: "its history has no failed Task state to redrive from")
        }
        guard let entered = events.last(where: { $0.type.hasSuffix("StateEntered") && $0.stateName == state && $0.eventId < failed.eventId }),
              let stateInput = detail("input", of: entered) else {
            throw PipelineError.notResumable(runId: runId, reason: "its history does not hold the input of state '\(state)'")
        }
        guard let started = events.first(where: { $0.type == "ExecutionStarted" }), let executionInput = detail("input", of: started) else {
            throw PipelineError.notResumable(runId: runId, reason: "its history does not hold the execution input")
        }
        return RedrivePlan(state: state, stateInput: stateInput, executionInput: executionInput)
    }

    /// The state the interrupted run entered last (and never left), with the input it entered with.
    static func interruptedPlan(runId: String, events: [ExecutionEventRecord]) throws -> RedrivePlan {
        guard let entered = events.last(where: { $0.type.hasSuffix("StateEntered") && $0.stateName != nil }),
              let state = entered.stateName, let stateInput = detail("input", of: entered) else {
            throw PipelineError.notResumable(runId: runId, reason: "it was interrupted before its history recorded a state to redrive from; start a new run")
        }
        guard let started = events.first(where: { $0.type == "ExecutionStarted" }), let executionInput = detail("input", of: started) else {
            throw PipelineError.notResumable(runId: runId, reason: "its history does not hold the execution input")
        }
        return RedrivePlan(state: state, stateInput: stateInput, executionInput: executionInput)
    }

    private static func detail(_ key: String, of event: ExecutionEventRecord) -> JSONValue? {
        guard let json = event.detailsJSON,
              let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let text = object[key] as? String else { return nil }
        return try? JSONValue(parsing: text)
    }
}
