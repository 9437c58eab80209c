import Foundation
import Manifest

/// Runs whose process died: a run still `running` while nobody holds its dataset's lock has no
/// owner (the kernel drops a `flock` with its process), so it will never finish on its own. The
/// next command that holds the lock marks it `interrupted`, naming the state it was in, and
/// `medallion resume` redrives it from there.
public enum InterruptedRuns {
    public static let errorName = "Medallion.Interrupted"

    /// Marks every `running` run of `dataset` but `except` interrupted. Call only while holding
    /// the dataset's lock. Returns the runs marked.
    @discardableResult
    static func settle(dataset: String, store: any ManifestStore, except: String? = nil) throws -> [RunRecord] {
        var marked: [RunRecord] = []
        for run in try store.runs(dataset: dataset, limit: 1_000) where run.status == .running && run.executionName != except {
            let state = try lastState(of: run, store: store)
            let cause = "the process running it stopped" + (state.map { " in state '\($0)'" } ?? " before its first state")
                + " (killed or crashed: its dataset lock was free); `medallion resume \(run.runId)` redrives it from there"
            try store.finishRun(executionName: run.executionName, status: .interrupted, finishedAt: Date(),
                                error: errorName, cause: cause)
            var settled = run
            settled.status = .interrupted
            marked.append(settled)
        }
        return marked
    }

    /// `settle` for commands that only read: when the dataset's lock is free (no run in
    /// progress) and the manifest can be written. Read-only manifests and busy datasets are
    /// left as they are.
    public static func settleIfIdle(dataset: String, environment: PipelineEnvironment) {
        guard (try? environment.manifestExists()) == true,
              let lock = try? DatasetLock(dataset: dataset, environment: environment),
              let store = try? environment.openManifest() else { return }
        withExtendedLifetime(lock) { _ = try? settle(dataset: dataset, store: store) }
    }

    /// `settleIfIdle` for every dataset that has runs.
    public static func settleAllIdle(environment: PipelineEnvironment) {
        guard let store = try? environment.openExistingManifestForReading(),
              let running = try? store.runs(dataset: nil, limit: 10_000).filter({ $0.status == .running }) else { return }
        for dataset in Set(running.map(\.dataset)) { settleIfIdle(dataset: dataset, environment: environment) }
    }

    /// The state the run entered last and did not leave, from its recorded history.
    static func lastState(of run: RunRecord, store: any ManifestStore) throws -> String? {
        let events = try store.events(executionName: run.executionName)
        return events.last(where: { $0.type.hasSuffix("StateEntered") })?.stateName
    }
}
