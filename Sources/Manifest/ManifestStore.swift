import Foundation

/// The durable record of datasets, runs, manifest versions, outputs and execution history.
///
/// Implementations must let readers work while a run writes, and must make
/// `commitVersion` atomic: a version, its outputs and the run's success appear together or not at all.
public protocol ManifestStore: Sendable {
    /// Records (or refreshes) a dataset's config path.
    func registerDataset(name: String, configPath: String) throws
    /// Inserts a new run in `running` state.
    ///
    /// Throws ``ManifestError/runExists(_:)`` when its execution name or run id is taken.
    func startRun(_ run: RunRecord) throws
    /// Gives a running run its content-derived id and source hash once FetchAndHash knows them.
    ///
    /// `runId` is the wanted id; when another run already holds it (two datasets with the same
    /// bytes started in the same second) the store assigns `<runId>-2`, `-3`, … in the same
    /// transaction, so ids stay unique whatever the timing. Calling it again for the same
    /// execution keeps the id assigned before. Returns the id assigned.
    @discardableResult
    func identifyRun(executionName: String, runId: String, sourceSHA256: String) throws -> String
    /// Ends a run that produced no new version (skipped) or failed.
    func finishRun(executionName: String, status: RunStatus, finishedAt: Date, error: String?, cause: String?) throws
    /// Marks a failed run as running again (a redrive); its error and finish time are cleared.
    func reopenRun(executionName: String) throws
    /// Commits a successful version, its outputs and the run's success in one transaction.
    /// Returns the version number assigned.
    /// `files`: a many-file source's files, recorded with the version.
    @discardableResult
    func commitVersion(_ version: ManifestVersion, outputs: [OutputRecord], files: [SourceFileRecord], executionName: String) throws -> Int
    /// The files of a many-file source's version, in file order (empty for a one-file source).
    func files(dataset: String, version: Int) throws -> [SourceFileRecord]
    /// Records that `medallion vacuum` removed the files of these versions of `dataset`.
    func markVacuumed(dataset: String, versions: [Int], at date: Date) throws
    /// A run by run id or execution name.
    func run(id: String) throws -> RunRecord?
    /// Runs newest first.
    func runs(dataset: String?, limit: Int) throws -> [RunRecord]
    /// The dataset's current (highest) version.
    func latestVersion(dataset: String) throws -> ManifestVersion?
    /// Every version of the dataset, newest first.
    func versions(dataset: String) throws -> [ManifestVersion]
    /// Outputs written by a run.
    func outputs(runId: String) throws -> [OutputRecord]
    /// Appends history events of an execution.
    func appendEvents(_ events: [ExecutionEventRecord]) throws
    /// History events of an execution in event-id order.
    func events(executionName: String) throws -> [ExecutionEventRecord]
    /// Every registered dataset with its latest run and version.
    func datasets() throws -> [DatasetSummary]
}

extension ManifestStore {
    /// Commits a version of a one-file source (no file list).
    @discardableResult
    public func commitVersion(_ version: ManifestVersion, outputs: [OutputRecord], executionName: String) throws -> Int {
        try commitVersion(version, outputs: outputs, files: [], executionName: executionName)
    }
}
