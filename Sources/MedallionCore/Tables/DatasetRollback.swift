import Foundation
import Lake
import Manifest
import Tables

/// What `medallion rollback` did.
public struct RollbackResult: Sendable, Codable, Equatable {
    public var dataset: String
    /// The manifest version whose data is current again.
    public var restoredVersion: Int
    /// The new manifest version recording the rollback.
    public var manifestVersion: Int
    /// The rollback's own run id (its source hash is the restored version's).
    public var runId: String
    /// Table layer → the new Delta version restoring it.
    public var tableVersions: [String: Int64]

    enum CodingKeys: String, CodingKey {
        case dataset
        case restoredVersion = "restored_version"
        case manifestVersion = "manifest_version"
        case runId = "run_id"
        case tableVersions = "delta_versions"
    }
}

/// `medallion rollback <dataset> [--to VERSION]`: makes an earlier manifest version's data
/// current again. Each of that version's tables gets a new Delta version (`RESTORE`) holding
/// the files of the Delta version it had then, and the manifest a new version that reuses every
/// layer of the restored one (so Gold keeps reading the restored Silver, and the next run skips
/// while the source and config are the restored version's). Nothing is copied or deleted.
public struct DatasetRollback {
    let environment: PipelineEnvironment

    public init(environment: PipelineEnvironment) {
        self.environment = environment
    }

    /// Restores manifest version `target` of `dataset` (default: the one before the current).
    /// Every file is checked before the first commit, so a vacuumed version fails with nothing
    /// committed.
    public func rollback(dataset: String, to target: Int?) async throws -> RollbackResult {
        guard dataset.matchesEntirely(DatasetConfig.namePattern) else { throw TableCommandError.invalidDataset(dataset) }
        let store = try environment.openManifest()
        let lock = try DatasetLock(dataset: dataset, environment: environment)
        defer { withExtendedLifetime(lock) {} }
        try InterruptedRuns.settle(dataset: dataset, store: store)
        let versions = try store.versions(dataset: dataset)
        guard let current = versions.first else { throw TableCommandError.noVersions(dataset: dataset) }
        let wanted = target ?? current.version - 1
        guard wanted < current.version else {
            throw TableCommandError.notEarlier(dataset: dataset, version: wanted, current: current.version)
        }
        guard let source = versions.first(where: { $0.version == wanted }) else {
            throw TableCommandError.noSuchVersion(dataset: dataset, version: wanted, current: current.version)
        }
        if source.vacuumedAt != nil { throw TableCommandError.vacuumed(dataset: dataset, version: wanted) }
        let lake = try ObjectStores.open(environment.lake, environment: environment.variables, logger: environment.logger)

        // Plan every table first: a missing file fails the rollback before anything is committed.
        var plans: [(layer: String, table: DeltaTable, snapshot: DeltaSnapshot)] = []
        for layer in source.outputs.keys.sorted() {
            guard let key = TableCommits.tableKey(dataset: dataset, layer: layer) else { continue }
            let table = try DeltaTable(store: lake, key: key)
            let snapshot: DeltaSnapshot
            if let version = source.tableVersions[layer] {
                snapshot = try await table.restorable(version: version)
            } else {
                // Recorded before the tables had Delta logs: the partition itself is the content.
                snapshot = try await partitionSnapshot(table: table, partitionURI: source.outputs[layer] ?? "", lake: lake, layer: layer)
            }
            plans.append((layer, table, snapshot))
        }

        let now = Date()
        let executionName = try DatasetRunner.startRun(store: store, dataset: dataset, forced: true,
                                                       sourceURL: source.sourceURL, startedAt: now)
        let runId = try store.identifyRun(executionName: executionName,
                                          runId: RunIdentifier.final(provisional: executionName, sha256: source.sourceSHA256),
                                          sourceSHA256: source.sourceSHA256)
        do {
            var tableVersions: [String: Int64] = [:]
            for plan in plans {
                // A version recorded before the tables had logs is written anew from its partition.
                let operation: DeltaOperation = plan.snapshot.version >= 0 ? .restore(version: plan.snapshot.version) : .write
                tableVersions[plan.layer] = try await plan.table.commit(
                    files: plan.snapshot.files, schemaString: plan.snapshot.metadata.schemaString,
                    operation: operation, runId: runId, now: now).version
            }
            var record = source
            record.runId = runId
            record.tableVersions = tableVersions
            record.vacuumedAt = nil
            record.startedAt = now
            record.finishedAt = Date()
            if var layers = VersionLayers.of(source) {
                // Every layer is the restored version's, built by the runs that built it then.
                var reused: [String: String] = ["raw": VersionLayers.builder(of: "raw", in: source)]
                for layer in source.outputs.keys { reused[layer] = VersionLayers.builder(of: layer, in: source) }
                layers.reused = reused
                record.layersJSON = try layers.encoded()
            }
            let number = try store.commitVersion(record, outputs: [], executionName: executionName)
            return RollbackResult(dataset: dataset, restoredVersion: wanted, manifestVersion: number, runId: runId,
                                  tableVersions: tableVersions)
        } catch {
            try? store.finishRun(executionName: executionName, status: .failed, finishedAt: Date(),
                                 error: "Medallion.RollbackFailed", cause: "\(error)")
            throw error
        }
    }

    /// A table's content as a version recorded before Delta logs: the partition's files.
    private func partitionSnapshot(table: DeltaTable, partitionURI: String, lake: any ObjectStore, layer: String) async throws -> DeltaSnapshot {
        guard let partition = FetchAndHashStep.key(of: partitionURI, in: lake) else {
            throw DeltaError.badDataFile(table: table.uri, path: Redaction.redact(partitionURI), reason: "\(layer) is not in this lake")
        }
        let (files, schema) = try await DeltaDataFiles.collect(in: table, partition: partition)
        return DeltaSnapshot(version: -1, protocolAction: DeltaProtocolAction(),
                             metadata: DeltaMetadata(id: "", name: nil, schemaString: schema.schemaString, createdTime: nil),
                             files: files, commitInfo: nil)
    }
}
