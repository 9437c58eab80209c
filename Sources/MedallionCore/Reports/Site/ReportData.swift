import Foundation
import Manifest

/// One dataset as the report sees it: its config (when it loads) and what the manifest holds.
struct DatasetHistory {
    var name: String
    var description: String?
    /// The state machine file of the config, for the flow graph.
    var stateMachine: String?
    /// Why the config did not load, if it did not.
    var configProblem: String?
    /// Newest first.
    var runs: [RunRecord]
    /// Newest first.
    var versions: [ManifestVersion]

    var current: ManifestVersion? { versions.first }

    /// The version a run committed, if it committed one.
    func version(of run: RunRecord) -> ManifestVersion? {
        versions.first { $0.runId == run.runId }
    }

    /// The version before `version`, for what changed.
    func previous(of version: ManifestVersion) -> ManifestVersion? {
        versions.first { $0.version < version.version }
    }

    /// The version that was current when `run` finished (what a skip left in place).
    func current(at run: RunRecord) -> ManifestVersion? {
        versions.first { $0.finishedAt <= (run.finishedAt ?? run.startedAt) }
    }
}

/// Everything the report draws, read once from the catalog and the manifest.
struct ReportData {
    var datasets: [DatasetHistory]

    /// Declared datasets plus any the manifest still knows of whose config has gone.
    static func load(environment: PipelineEnvironment, store: (any ManifestStore)?, runLimit: Int) throws -> ReportData {
        let catalog = DatasetCatalog(directory: environment.datasetsDirectory)
        var names = (try? catalog.names()) ?? []
        if let store {
            for known in try store.datasets() where !names.contains(known.name) { names.append(known.name) }
        }
        var datasets: [DatasetHistory] = []
        for name in names.sorted() {
            var history = DatasetHistory(name: name, runs: [], versions: [])
            do {
                let config = try catalog.load(name)
                history.description = config.description
                history.stateMachine = config.stateMachine
            } catch {
                history.configProblem = "\(error)"
            }
            if let store {
                history.runs = try store.runs(dataset: name, limit: runLimit)
                history.versions = try store.versions(dataset: name)
            }
            datasets.append(history)
        }
        return ReportData(datasets: datasets)
    }

    func dataset(_ name: String) -> DatasetHistory? { datasets.first { $0.name == name } }
}
