import Foundation
import Lake
import Manifest
import StateMachine

/// Runs datasets: one state-machine execution per dataset, with its run record, history and lock.
public struct DatasetRunner: Sendable {
    public let environment: PipelineEnvironment
    public let progress: any ProgressSink
    public let executor: StepExecutor

    /// Where Task states run.
    public enum StepExecutor: Sendable {
        /// In this process (the default).
        case inProcess
        /// Each Task as its own `medallion task` child of this binary, sharing only the lake and manifest.
        case process(executable: URL)
    }

    public init(environment: PipelineEnvironment, progress: any ProgressSink = SilentProgress(), executor: StepExecutor = .inProcess) {
        self.environment = environment
        self.progress = progress
        self.executor = executor
    }

    /// Loads and validates a dataset's config and its state machine: everything that is bad usage
    /// (exit 2) surfaces here, before any run is recorded.
    public func prepare(dataset name: String) throws -> (DatasetConfig, StateMachineDefinition, [UInt8]) {
        let config = try DatasetCatalog(directory: environment.datasetsDirectory).load(name)
        let url = environment.path(config.stateMachine)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PipelineError.stateMachineUnreadable(file: config.stateMachine)
        }
        let parsed = StateMachineDefinition.check(data, knownResources: MedallionSteps.resources)
        guard let definition = parsed.definition else {
            throw PipelineError.invalidStateMachine(file: config.stateMachine, problems: parsed.problems.map(\.description))
        }
        return (config, definition, [UInt8](data))
    }

    /// Runs one dataset to completion. Throws only for bad usage (config, definition, busy);
    /// a failed run is a summary with status "failed".
    public func run(dataset name: String, force: Bool) async throws -> RunSummary {
        let (config, definition, _) = try prepare(dataset: name)
        let lock = try DatasetLock(dataset: config.name, environment: environment)
        defer { withExtendedLifetime(lock) {} }
        for warning in config.warnings(taskResources: definition.taskResources) { progress.note(dataset: config.name, "warning: \(warning)") }
        let clock = ContinuousClock()
        let began = clock.now
        func elapsed() -> Double {
            let d = clock.now - began
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }

        let store: any ManifestStore
        do {
            store = try environment.openManifest()
            try store.registerDataset(name: config.name, configPath: "datasets/\(config.name).json")
            // Holding the lock, any run still `running` has lost its process.
            for run in try InterruptedRuns.settle(dataset: config.name, store: store) {
                progress.note(dataset: config.name, "run \(run.runId) was interrupted (its process died); "
                              + "marked interrupted: `medallion resume \(run.runId)` redrives it")
            }
        } catch {
            return .failure(dataset: config.name, forced: force, runId: nil, error: "\(error)", duration: elapsed())
        }
        await cleanLeftovers(dataset: config.name, store: store, protecting: nil)

        let startedAt = Date()
        let idTime = Self.idTime(store: store, dataset: config.name, startedAt: startedAt)
        let redacted = Redaction.redact(config.source.url)
        let executionName: String
        do {
            executionName = try Self.startRun(store: store, dataset: config.name, forced: force, sourceURL: redacted,
                                              startedAt: startedAt, idTime: idTime)
        } catch {
            return .failure(dataset: config.name, forced: force, runId: nil, error: "\(error)", duration: elapsed())
        }

        let observer = ManifestEventObserver(store: store, executionName: executionName)
        let scoped = environment.scoped(to: config.name)
        let engine = ExecutionEngine(definition: definition,
                                     handlers: handlers(scoped),
                                     observer: observer, logger: scoped.logger)
        let input: JSONValue = [
            "dataset": .string(config.name), "source_url": .string(redacted), "force": .bool(force),
            "run_id": .string(executionName),
        ]
        let result = await engine.run(input: input, executionName: executionName)

        let summary = finish(store: store, executionName: executionName, dataset: config.name, forced: force,
                             result: result, duration: elapsed())
        // A new version supersedes runs killed before it: their partitions can go now.
        if summary.status == .succeeded { await cleanLeftovers(dataset: config.name, store: store, protecting: summary.runId) }
        // After the manifest has the outcome; never changes it.
        await RunNotifier(environment: environment, progress: progress).notify(config: config, summary: summary, store: store)
        return summary
    }

    private func handlers(_ environment: PipelineEnvironment) -> [String: any TaskHandler] {
        switch executor {
        case .inProcess: return MedallionSteps.handlers(environment: environment, progress: progress)
        case .process(let executable): return MedallionSteps.processHandlers(executable: executable, environment: environment)
        }
    }

    /// `LakeJanitor` for one dataset (call with its lock held); says what it removed. A failure
    /// to clean never fails the run: the leftovers stay for the next one.
    func cleanLeftovers(dataset: String, store: any ManifestStore, protecting run: String?) async {
        do {
            let lake = try ObjectStores.open(environment.lake, environment: environment.variables)
            let report = try await LakeJanitor(dataset: dataset, lake: lake, store: store).clean(protecting: run)
            if !report.removed.isEmpty {
                progress.note(dataset: dataset, "removed \(report.removed.count) leftover(s) of interrupted runs"
                              + (report.bytes > 0 ? " (\(report.bytes) bytes)" : "") + ": "
                              + report.removed.prefix(5).joined(separator: ", ") + (report.removed.count > 5 ? ", …" : ""))
            }
        } catch {
            progress.note(dataset: dataset, "warning: could not remove leftovers of interrupted runs: \(error)")
        }
    }

    /// Settles a run the execution left open (a skip ends without UpdateManifest; a failure
    /// that RecordFailure could not record) and builds its summary.
    func finish(store: any ManifestStore, executionName: String, dataset: String, forced: Bool,
                result: ExecutionResult, duration: Double) -> RunSummary {
        do {
            if let run = try store.run(id: executionName) {
                switch result {
                case .succeeded: try store.settleIfOpen(run, as: .skipped)
                case .failed(let error, let cause): try store.settleIfOpen(run, as: .failed, error: error, cause: cause)
                }
            }
            return try summary(store: store, executionName: executionName, dataset: dataset, duration: duration)
        } catch {
            return .failure(dataset: dataset, forced: forced, runId: executionName, error: "\(error)", duration: duration)
        }
    }

    /// Records the run under a fresh provisional id for `idTime` (the start time unless a
    /// burst of runs moved it on); another run (any dataset, any process) drawing the same
    /// random suffix in the same second only costs a new draw.
    static func startRun(store: any ManifestStore, dataset: String, forced: Bool, sourceURL: String,
                         startedAt: Date, idTime: Date? = nil) throws -> String {
        var attempt = 0
        while true {
            let executionName = RunIdentifier.provisional(startedAt: idTime ?? startedAt)
            do {
                try store.startRun(RunRecord(executionName: executionName, runId: executionName, dataset: dataset,
                                             forced: forced, sourceURL: sourceURL, startedAt: startedAt))
                return executionName
            } catch ManifestError.runExists where attempt < 8 {
                attempt += 1
            }
        }
    }

    /// The time a new run's id carries. Ids have one-second resolution and sort in start order
    /// within a dataset, so a run starting within the second of the dataset's latest id (or
    /// before it, in a burst of quick runs) takes the second after that id rather than waiting
    /// for the clock to reach it: a skip takes a quarter of a second, and back-to-back skips
    /// used to wait out the rest of each second. The run's record keeps its real start time.
    static func idTime(store: any ManifestStore, dataset: String, startedAt now: Date) -> Date {
        guard let last = try? store.runs(dataset: dataset, limit: 1).first,
              let lastIdTime = RunIdentifier.startDate(runId: last.runId),
              RunIdentifier.timestamp(lastIdTime) >= RunIdentifier.timestamp(now) else { return now }
        return lastIdTime.addingTimeInterval(1)
    }

    private func summary(store: any ManifestStore, executionName: String, dataset: String, duration: Double) throws -> RunSummary {
        guard let run = try store.run(id: executionName) else { throw ManifestError.unknownRun(executionName) }
        var summary = RunSummary(dataset: dataset, runId: run.runId, status: run.status,
                                 sourceSHA256: run.sourceSHA256, forced: run.forced, rows: RunSummary.Rows(),
                                 outputs: RunSummary.Outputs(bronze: nil, silver: nil, gold: [:]),
                                 durationSeconds: (duration * 1000).rounded() / 1000,
                                 error: run.error.map { error in run.cause.map { "\(error): \($0)" } ?? error })
        if run.status == .succeeded, let version = try store.latestVersion(dataset: dataset), version.runId == run.runId {
            summary.rows.source = version.rows["source"]
            summary.rows.bronze = version.rows["bronze"]
            summary.rows.silver = version.rows["silver"]
            summary.rows.quarantined = version.rows["quarantined"]
            summary.outputs.bronze = version.outputs["bronze"]
            summary.outputs.silver = version.outputs["silver"]
            for (layer, uri) in version.outputs where layer.hasPrefix("gold.") {
                let table = String(layer.dropFirst("gold.".count))
                summary.outputs.gold[table] = uri
                summary.rows.gold[table] = version.rows[layer]
            }
            summary.reused = VersionLayers.of(version)?.reused ?? [:]
        }
        return summary
    }
}

/// How one dataset of a multi-dataset run ended.
public enum RunOutcome: Sendable {
    /// The run happened (succeeded, skipped or failed).
    case finished(RunSummary)
    /// The run could not start: bad config or definition, or the dataset is busy (exit 2).
    case rejected(dataset: String, message: String)
}

extension DatasetRunner {
    private func outcome(index: Int, dataset: String, force: Bool) async -> (Int, RunOutcome) {
        do {
            return (index, .finished(try await run(dataset: dataset, force: force)))
        } catch {
            return (index, .rejected(dataset: dataset, message: "\(error)"))
        }
    }

    /// Runs several datasets, at most `concurrency` at a time; outcomes keep the input order.
    /// A dataset whose Gold reads another selected dataset's Silver starts after that one ends
    /// (whatever its outcome: a failed upstream leaves its last good Silver current). Datasets in
    /// a dependency cycle are rejected.
    public func run(datasets names: [String], force: Bool, concurrency: Int) async -> [RunOutcome] {
        let configs = names.compactMap { try? DatasetCatalog(directory: environment.datasetsDirectory).load($0) }
        var waits = GoldDependencies.waits(for: names, configs: configs)
        var outcomes = [RunOutcome?](repeating: nil, count: names.count)
        if let cycle = GoldDependencies.cycle(in: configs) {
            for (index, name) in names.enumerated() where cycle.contains(name) {
                outcomes[index] = .rejected(dataset: name, message: "gold tables read each other's Silver in a cycle: "
                                            + cycle.joined(separator: " → ") + "; break the cycle (medallion validate)")
                waits[name] = nil
            }
        }
        return await withTaskGroup(of: (Int, RunOutcome).self) { group in
            var started = Set(outcomes.indices.filter { outcomes[$0] != nil })
            var finished = Set(started.map { names[$0] })
            var running = 0
            let limit = max(1, concurrency)
            // Starts every dataset whose upstream datasets have all finished, up to the limit.
            func startReady() {
                for index in names.indices where running < limit && !started.contains(index) {
                    let pending = (waits[names[index]] ?? []).subtracting(finished)
                    guard pending.isEmpty else { continue }
                    started.insert(index)
                    running += 1
                    group.addTask { await self.outcome(index: index, dataset: names[index], force: force) }
                }
            }
            startReady()
            while let (index, outcome) = await group.next() {
                running -= 1
                outcomes[index] = outcome
                finished.insert(names[index])
                startReady()
            }
            return outcomes.enumerated().map { index, outcome in
                outcome ?? .rejected(dataset: names[index], message: "not run")
            }
        }
    }
}
