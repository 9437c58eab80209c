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
public final class S3ManifestStore: ManifestStore {
    let replica: S3ManifestReplica

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
        try replica.mutate { try $0.registerDataset(name: name, configPath: configPath) }
    }

    public func startRun(_ run: RunRecord) throws {
        try replica.mutate { try $0.startRun(run) }
    }

    @discardableResult
    public func identifyRun(executionName: String, runId: String, sourceSHA256: String) throws -> String {
        try replica.mutate { try $0.identifyRun(executionName: executionName, runId: runId, sourceSHA256: sourceSHA256) }
    }

    public func finishRun(executionName: String, status: RunStatus, finishedAt: Date, error: String?, cause: String?) throws {
        try replica.mutate { try $0.finishRun(executionName: executionName, status: status, finishedAt: finishedAt, error: error, cause: cause) }
    }

    public func reopenRun(executionName: String) throws {
        try replica.mutate { try $0.reopenRun(executionName: executionName) }
    }

    @discardableResult
    public func commitVersion(_ version: ManifestVersion, outputs: [OutputRecord], files: [SourceFileRecord],
                              executionName: String) throws -> Int {
        try replica.mutate { try $0.commitVersion(version, outputs: outputs, files: files, executionName: executionName) }
    }

    public func markVacuumed(dataset: String, versions: [Int], at date: Date) throws {
        try replica.mutate { try $0.markVacuumed(dataset: dataset, versions: versions, at: date) }
    }

    public func appendEvents(_ events: [ExecutionEventRecord]) throws {
        guard !events.isEmpty else { return }
        try replica.mutate { try $0.appendEvents(events) }
    }

    public func files(dataset: String, version: Int) throws -> [SourceFileRecord] {
        try replica.read { try $0.files(dataset: dataset, version: version) }
    }

    public func run(id: String) throws -> RunRecord? {
        try replica.read { try $0.run(id: id) }
    }

    public func runs(dataset: String?, limit: Int) throws -> [RunRecord] {
        try replica.read { try $0.runs(dataset: dataset, limit: limit) }
    }

    public func latestVersion(dataset: String) throws -> ManifestVersion? {
        try replica.read { try $0.latestVersion(dataset: dataset) }
    }

    public func versions(dataset: String) throws -> [ManifestVersion] {
        try replica.read { try $0.versions(dataset: dataset) }
    }

    public func outputs(runId: String) throws -> [OutputRecord] {
        try replica.read { try $0.outputs(runId: runId) }
    }

    public func events(executionName: String) throws -> [ExecutionEventRecord] {
        try replica.read { try $0.events(executionName: executionName) }
    }

    public func datasets() throws -> [DatasetSummary] {
        try replica.read { try $0.datasets() }
    }
}
