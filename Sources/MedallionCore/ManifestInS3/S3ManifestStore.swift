import Foundation
import Lake
import Logging
import Manifest

/// `ManifestStore` on a SQLite manifest kept as one S3 object (`--manifest s3://bucket/prefix/manifest.sqlite`),
/// for steps on different machines that share only the lake (Step Functions on Lambda or ECS).
///
/// Every mutation is a conditional write of the whole file, retried on top of any concurrent
/// writer's version (`S3ManifestReplica`): runs on different machines never lose an update.
/// `commitVersion` stays atomic: its transaction is in the one object that is replaced.
///
/// History events are held back and written together with the next event that starts a task
/// or ends the execution, or with the next other write or read of this store, whichever comes
/// first: an upload of the whole file per state transition would be most of a run's manifest
/// traffic (29 events for the default flow). `history` of a running run so shows it up to the
/// task in progress; a machine that dies loses at most the events since its last task started,
/// so `resume` then redoes that task, which steps allow (they publish idempotently).
public final class S3ManifestStore: ManifestStore, @unchecked Sendable {
    let replica: S3ManifestReplica
    private let pendingLock = NSLock()
    private var pending: [ExecutionEventRecord] = []
    /// One write at a time, so each drops exactly the events it wrote.
    private let writing = NSLock()

    /// The manifest at `uri`; endpoint, region and credentials from `variables` as for an S3 lake.
    /// Nothing is read until the first call; a missing object reads as an empty manifest and
    /// is created by the first write.
    /// Its S3 requests' retries (warning) and every update overtaken by another writer (debug)
    /// go to `logger`.
    public convenience init(uri: String, variables: [String: String], logger: Logger = LakeLogger.silent) throws {
        let object: S3ConditionalObject
        do {
            object = try S3ConditionalObject(uri: uri, environment: variables, logger: logger)
        } catch let error as StorageError {
            throw S3ManifestError.unreachable(uri: Redaction.redact(uri), reason: error.description)
        }
        self.init(replica: try S3ManifestReplica(object: object, logger: logger))
    }

    init(replica: S3ManifestReplica) {
        self.replica = replica
    }

    /// Whether `location` names a manifest in S3 (`s3://…`) rather than a local file.
    public static func isS3(_ location: String) -> Bool {
        location.lowercased().hasPrefix("s3://")
    }

    /// The manifest's `s3://` URI.
    public var uri: String { replica.object.uri }

    /// Whether the manifest object exists yet.
    public func exists() throws -> Bool {
        try replica.exists()
    }

    public func registerDataset(name: String, configPath: String) throws {
        try write { try $0.registerDataset(name: name, configPath: configPath) }
    }

    public func startRun(_ run: RunRecord) throws {
        try write { try $0.startRun(run) }
    }

    @discardableResult
    public func identifyRun(executionName: String, runId: String, sourceSHA256: String) throws -> String {
        try write { try $0.identifyRun(executionName: executionName, runId: runId, sourceSHA256: sourceSHA256) }
    }

    public func finishRun(executionName: String, status: RunStatus, finishedAt: Date, error: String?, cause: String?) throws {
        try write { try $0.finishRun(executionName: executionName, status: status, finishedAt: finishedAt, error: error, cause: cause) }
    }

    public func reopenRun(executionName: String) throws {
        try write { try $0.reopenRun(executionName: executionName) }
    }

    @discardableResult
    public func commitVersion(_ version: ManifestVersion, outputs: [OutputRecord], files: [SourceFileRecord],
                              executionName: String) throws -> Int {
        try write { try $0.commitVersion(version, outputs: outputs, files: files, executionName: executionName) }
    }

    public func markVacuumed(dataset: String, versions: [Int], at date: Date) throws {
        try write { try $0.markVacuumed(dataset: dataset, versions: versions, at: date) }
    }

    public func appendEvents(_ events: [ExecutionEventRecord]) throws {
        guard !events.isEmpty else { return }
        pendingLock.lock()
        pending.append(contentsOf: events)
        pendingLock.unlock()
        if events.contains(where: { Self.flushes($0.type) }) { try flushEvents() }
    }

    /// Events after which the history is written at once: a task is about to do its work, or
    /// the execution is over.
    static func flushes(_ type: String) -> Bool {
        type == "TaskStarted" || (type.hasPrefix("Execution") && type != "ExecutionStarted")
    }

    /// Writes the held-back events; their failure is the caller's.
    private func flushEvents() throws {
        try write(eventsFailing: true) { _ in }
    }

    /// Applies `body` together with the held-back events, in one conditional write; the events
    /// leave the queue only once that write is in S3. Events that cannot be stored (a run the
    /// manifest does not know) must not block a run's other writes, so outside `flushEvents`
    /// they are given up, as `SQLiteManifestStore` gives up an `appendEvents` that fails.
    private func write<T>(eventsFailing: Bool = false, _ body: (SQLiteManifestStore) throws -> T) throws -> T {
        writing.lock()
        defer { writing.unlock() }
        pendingLock.lock()
        let events = pending
        pendingLock.unlock()
        let result = try replica.mutate { store in
            if eventsFailing { try store.appendEvents(events) } else { try? store.appendEvents(events) }
            return try body(store)
        }
        pendingLock.lock()
        pending.removeFirst(events.count)
        pendingLock.unlock()
        return result
    }

    /// Reads see this store's own held-back events: they are written first.
    private func read<T>(_ body: (SQLiteManifestStore) throws -> T) throws -> T {
        pendingLock.lock()
        let held = !pending.isEmpty
        pendingLock.unlock()
        if held { try flushEvents() }
        return try replica.read(body)
    }

    deinit {
        // Best effort: a store dropped with events still held (its caller never reached an
        // event that writes them) writes them now.
        if !pending.isEmpty { try? flushEvents() }
    }

    public func files(dataset: String, version: Int) throws -> [SourceFileRecord] {
        try read { try $0.files(dataset: dataset, version: version) }
    }

    public func run(id: String) throws -> RunRecord? {
        try read { try $0.run(id: id) }
    }

    public func runs(dataset: String?, limit: Int) throws -> [RunRecord] {
        try read { try $0.runs(dataset: dataset, limit: limit) }
    }

    public func latestVersion(dataset: String) throws -> ManifestVersion? {
        try read { try $0.latestVersion(dataset: dataset) }
    }

    public func versions(dataset: String) throws -> [ManifestVersion] {
        try read { try $0.versions(dataset: dataset) }
    }

    public func outputs(runId: String) throws -> [OutputRecord] {
        try read { try $0.outputs(runId: runId) }
    }

    public func events(executionName: String) throws -> [ExecutionEventRecord] {
        try read { try $0.events(executionName: executionName) }
    }

    public func datasets() throws -> [DatasetSummary] {
        try read { try $0.datasets() }
    }
}
