import Foundation
import Lake
import Manifest

/// Read-only views of the manifest for the inspection commands.
public struct ManifestReport: Sendable {
    public var versions: [VersionView]

    /// The current version of one dataset (or all), or every version of one with `history`.
    public static func load(environment: PipelineEnvironment, dataset: String?, history: Bool) throws -> ManifestReport {
        let store = try openExisting(environment)
        guard let store else { return ManifestReport(versions: []) }
        if let dataset {
            let versions = history ? try store.versions(dataset: dataset) : try store.latestVersion(dataset: dataset).map { [$0] } ?? []
            return ManifestReport(versions: versions.map(VersionView.init))
        }
        return ManifestReport(versions: try store.datasets().compactMap(\.currentVersion).map(VersionView.init))
    }

    /// The file list of a dataset's current version; nil when it has no version yet.
    public static func files(environment: PipelineEnvironment, dataset: String) throws -> VersionFilesView? {
        guard let store = try openExisting(environment), let version = try store.latestVersion(dataset: dataset) else { return nil }
        return VersionFilesView(dataset: dataset, version: version.version, runId: version.runId,
                                files: try store.files(dataset: dataset, version: version.version))
    }

    /// Runs newest first.
    public static func runs(environment: PipelineEnvironment, dataset: String?, limit: Int) throws -> [RunView] {
        // Runs whose process died show as interrupted, not as running forever.
        if let dataset { InterruptedRuns.settleIfIdle(dataset: dataset, environment: environment) } else {
            InterruptedRuns.settleAllIdle(environment: environment)
        }
        guard let store = try openExisting(environment) else { return [] }
        return try store.runs(dataset: dataset, limit: limit).map(RunView.init)
    }

    /// A run's history events in order; an unknown run id is an error.
    public static func history(environment: PipelineEnvironment, runId: String) throws -> [EventView] {
        guard let store = try openExisting(environment), let found = try store.run(id: runId) else {
            throw ManifestError.unknownRun(runId)
        }
        InterruptedRuns.settleIfIdle(dataset: found.dataset, environment: environment)
        let run = try store.run(id: runId) ?? found
        return try store.events(executionName: run.executionName).map(EventView.init)
    }

    /// Declared datasets joined with what the manifest knows of them.
    public static func datasets(environment: PipelineEnvironment, now: Date = Date()) throws -> [DatasetView] {
        InterruptedRuns.settleAllIdle(environment: environment)
        let catalog = DatasetCatalog(directory: environment.datasetsDirectory)
        let store = try openExisting(environment)
        return try catalog.names().map { name in
            var view = DatasetView(dataset: name)
            var config: DatasetConfig?
            do {
                let loaded = try catalog.load(name)
                config = loaded
                view.description = loaded.description
                view.format = loaded.source.format.rawValue
                view.sourceURL = Redaction.redact(loaded.source.url)
                view.priority = loaded.priority.rawValue
                view.schedule = loaded.schedule?.expression
            } catch {
                view.error = "\(error)"
            }
            if let schedule = config?.schedule {
                let due = RunSelection.due(schedule, lastRunStart: try store?.runs(dataset: name, limit: 1).first?.startedAt, now: now)
                view.due = due.due
                view.nextDue = due.at.map(Timestamps.format)
            }
            if let store {
                if let run = try store.runs(dataset: name, limit: 1).first {
                    view.lastStatus = run.status.rawValue
                    view.lastRunId = run.runId
                    view.lastRunAt = Timestamps.format(run.startedAt)
                }
                if let version = try store.latestVersion(dataset: name) {
                    view.version = version.version
                    view.sourceSHA256 = version.sourceSHA256
                }
                if let config {
                    let stale = try GoldDependencies.staleTables(of: config, store: store)
                    view.stale = stale.isEmpty ? nil : stale
                }
            }
            return view
        }
    }

    /// Inspection never creates or changes a manifest: no file means nothing has run yet, and
    /// an existing one is opened read-only (it may be on read-only storage).
    static func openExisting(_ environment: PipelineEnvironment) throws -> (any ManifestStore)? {
        try environment.openExistingManifestForReading()
    }
}
