import Foundation
import Lake
import StateMachine
import Tables

/// Makes a version's Silver and Gold partitions the content of their Delta tables
/// (`silver/<dataset>/`, `gold/<dataset>/<table>/`), after the partitions are published and
/// before the manifest records the version, so the manifest can name each table's version.
///
/// Tables are named as the manifest's layers are: `silver`, `gold.<table>`.
struct TableCommits {
    let lake: any ObjectStore
    let dataset: String

    /// The table root of a manifest layer name; nil for layers that are not tables (raw, bronze,
    /// quarantine).
    static func tableKey(dataset: String, layer: String) -> String? {
        if layer == "silver" { return "silver/\(dataset)" }
        if layer.hasPrefix("gold.") { return "gold/\(dataset)/\(layer.dropFirst(5))" }
        return nil
    }

    /// Commits the partition at `partitionURI` as the whole content of `layer`'s table, in the
    /// name of `runId`; returns the table version that holds it (an existing one when the table
    /// already holds exactly that partition).
    func commit(layer: String, partitionURI: String, runId: String) async throws -> DeltaCommitResult {
        guard let tableKey = Self.tableKey(dataset: dataset, layer: layer),
              let partition = FetchAndHashStep.key(of: partitionURI, in: lake) else {
            throw TaskFailure(error: StepError.badStepInput,
                              cause: "\(UpdateManifestStep.resource): \(layer) output \(Redaction.redact(partitionURI)) is not a table partition of this lake")
        }
        let table = try DeltaTable(store: lake, key: tableKey)
        let (files, schema) = try await DeltaDataFiles.collect(in: table, partition: partition)
        return try await table.commit(files: files, schema: schema, operation: .write, runId: runId,
                                      beforeWrite: { _ in await CommitPause.reach() })
    }

    /// Commits every table layer of a version (`outputs`: layer → partition URI; `builders`:
    /// layer → the run that built it, for reused layers) and returns layer → table version.
    func commitAll(outputs: [String: String], builders: [String: String], runId: String) async throws -> [String: DeltaCommitResult] {
        var results: [String: DeltaCommitResult] = [:]
        for (layer, uri) in outputs.sorted(by: { $0.key < $1.key }) where Self.tableKey(dataset: dataset, layer: layer) != nil {
            results[layer] = try await commit(layer: layer, partitionURI: uri, runId: builders[layer] ?? runId)
        }
        return results
    }

    /// The progress line for a version's commits: each table's version, and the versions other
    /// writers took first (a second medallion on this lake with another manifest).
    static func summary(_ results: [String: DeltaCommitResult]) -> String {
        let sorted = results.sorted { $0.key < $1.key }
        var line = "Delta tables: " + sorted.map { "\($0.key)@\($0.value.version)" + ($0.value.alreadyCommitted ? " (unchanged)" : "") }
            .joined(separator: " ")
        let raced = sorted.filter { $0.value.conflicts > 0 }
        if !raced.isEmpty {
            line += "; another writer committed first to " + raced.map { "\($0.key) (\($0.value.conflicts)×)" }.joined(separator: ", ")
                + ", so this run's commit went on top"
        }
        return line
    }
}
