import Foundation
import Lake
import Manifest
import StateMachine

/// `medallion:update-manifest`: the last step. Records the version, its outputs and row counts,
/// and the run's success in one transaction, after every partition is published. On a run that
/// rebuilt only Gold, the raw, Bronze and Silver layers of the previous version carry over and
/// are marked reused (with the run that built them).
public struct UpdateManifestStep: TaskHandler {
    public static let resource = "medallion:update-manifest"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        var runId: String
        var fetch: FetchAndHashStep.Output
        /// Absent on a Gold-only run (the previous version's Bronze is reused).
        var bronze: BronzeStep.Output?
        /// Absent when the state machine has no Silver step, or on a Gold-only run.
        var silver: SilverStep.Output?
        var gold: GoldStep.Output?

        enum CodingKeys: String, CodingKey {
            case dataset
            case runId = "run_id"
            case fetch, bronze, silver, gold
        }
    }

    struct Output: Codable {
        var version: Int
        var runId: String

        enum CodingKeys: String, CodingKey {
            case version
            case runId = "run_id"
        }
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        // Everything recorded here is read back later (Gold reads the current Silver, reports
        // list the outputs), so the manifest only takes this dataset's own partitions.
        let lake = try context.lake()
        try Self.check(input, lake: lake)
        let store = try context.manifest()
        let fetch = input.fetch
        guard let rawURI = fetch.rawURI else {
            throw TaskFailure(error: StepError.badStepInput, cause: "\(Self.resource): fetch.raw_uri is missing")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            var record = try baseRecord(input: input, store: store, encoder: encoder)
            var outputs = record.outputs
            var reused = record.reused
            var goldInputs: [String: [String: String]] = [:]
            for (name, table) in input.gold?.tables ?? [:] {
                let layer = "gold.\(name)"
                record.version.rows[layer] = table.rows
                record.version.outputs[layer] = table.uri
                if !table.inputs.isEmpty { goldInputs[name] = table.inputs }
                if let builder = table.reusedFrom {
                    reused[layer] = builder
                } else {
                    outputs.append(OutputRecord(runId: fetch.runId, layer: "gold", name: name, uri: table.uri,
                                                rows: table.rows, bytes: table.bytes, files: table.files))
                }
            }
            record.version.rawURI = rawURI
            record.version.layersJSON = try VersionLayers(fingerprints: fetch.fingerprints, reused: reused,
                                                          goldInputs: goldInputs, watermark: fetch.watermark).encoded()
            let run = try store.run(id: input.runId)
            record.version.startedAt = run?.startedAt ?? Date()
            // Every partition is complete: make them the Delta tables' new versions, then record
            // those versions with the manifest version (a crash in between leaves the tables one
            // version ahead; the resumed run finds its files already committed).
            CrashPoint.reach("delta.committing")
            let commits = try await TableCommits(lake: lake, dataset: input.dataset)
                .commitAll(outputs: record.version.outputs, builders: reused, runId: fetch.runId)
            record.version.tableVersions = commits.mapValues(\.version)
            if !commits.isEmpty { context.progress.note(dataset: input.dataset, TableCommits.summary(commits)) }
            CrashPoint.reach("manifest.committing")
            let number = try store.commitVersion(record.version, outputs: outputs, files: Self.fileRecords(input),
                                                 executionName: input.runId)
            CrashPoint.reach("manifest.committed")
            context.progress.note(dataset: input.dataset, "manifest version \(number) recorded"
                                  + (reused.isEmpty ? "" : " (reused: \(reused.keys.sorted().joined(separator: ", ")))"))
            return try StepIO.encode(Output(version: number, runId: fetch.runId))
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }

    /// A many-file source's files with Bronze's rows per file (on a Gold-only run, the rows
    /// of the version whose Bronze is reused); empty for a one-file source.
    static func fileRecords(_ input: Input) -> [SourceFileRecord] {
        (input.fetch.files ?? []).enumerated().map { index, file in
            let landed = input.bronze?.sourceFiles.flatMap { index < $0.count ? $0[index] : nil }
            return SourceFileRecord(position: index, url: file.url, sha256: file.sha256, bytes: file.bytes,
                                    rows: input.bronze == nil ? file.rows : landed?.rows, rawURI: file.rawURI,
                                    error: landed?.error ?? file.error)
        }
    }

    static func check(_ input: Input, lake: any ObjectStore) throws {
        let check = StepInputCheck(step: resource)
        let dataset = input.dataset
        try check.dataset(dataset, field: "dataset")
        try check.runId(input.runId, field: "run_id")
        try check.fetch(input.fetch, dataset: dataset, field: "fetch", lake: lake)
        if let bronze = input.bronze {
            try check.partition(bronze.uri, field: "bronze.uri", prefix: "bronze/\(dataset)/run=", in: lake)
        }
        if let silver = input.silver {
            try check.partition(silver.uri, field: "silver.uri", prefix: "silver/\(dataset)/version=", in: lake)
            if let quarantine = silver.quarantine {
                try check.partition(quarantine.uri, field: "silver.quarantine.uri", prefix: "silver/\(dataset)/_quarantine/run=", in: lake)
            }
        }
        for (name, table) in input.gold?.tables ?? [:] {
            let field = "gold.tables.\(name)"
            try check.tableName(name, field: "gold.tables")
            try check.partition(table.uri, field: "\(field).uri", prefix: "gold/\(dataset)/\(name)/version=", in: lake)
            if let builder = table.reusedFrom { try check.runId(builder, field: "\(field).reused_from") }
            for (other, run) in table.inputs {
                try check.dataset(other, field: "\(field).inputs")
                try check.runId(run, field: "\(field).inputs.\(other)")
            }
        }
    }

    struct BaseRecord {
        var version: ManifestVersion
        var outputs: [OutputRecord]
        var reused: [String: String]
    }

    /// The version without Gold: this run's raw, Bronze and Silver, or on a Gold-only run the
    /// previous version's, marked reused.
    func baseRecord(input: Input, store: any ManifestStore, encoder: JSONEncoder) throws -> BaseRecord {
        let fetch = input.fetch
        let rawURI = fetch.rawURI ?? ""
        func version(rows: [String: Int64], outputs: [String: String], schema: String?, quality: String?, drift: String?) -> ManifestVersion {
            ManifestVersion(
                dataset: input.dataset, runId: fetch.runId, sourceURL: fetch.sourceURL, sourceSHA256: fetch.sha256,
                sourceBytes: fetch.bytes, sourceETag: fetch.etag, sourceLastModified: fetch.lastModified,
                rawURI: rawURI, pipelineFingerprint: fetch.fingerprint, rows: rows, outputs: outputs,
                schemaJSON: schema, qualityJSON: quality, schemaChangesJSON: drift, startedAt: Date(), finishedAt: Date())
        }
        guard let bronze = input.bronze else {
            guard fetch.recompute == .gold, let previousRun = fetch.previousRunId,
                  let previous = try GoldStep.version(runId: previousRun, dataset: input.dataset, store: store) else {
                throw TaskFailure(error: StepError.badStepInput,
                                  cause: "\(Self.resource): bronze is missing and the run does not reuse a previous version")
            }
            var reused: [String: String] = [:]
            for layer in ["raw", "bronze", "silver", "quarantine"] where layer == "raw" || previous.outputs[layer] != nil {
                reused[layer] = VersionLayers.builder(of: layer, in: previous)
            }
            let carried = ["source", "bronze", "silver", "quarantined"]
            return BaseRecord(
                version: version(rows: previous.rows.filter { carried.contains($0.key) },
                                 outputs: previous.outputs.filter { !$0.key.hasPrefix("gold.") },
                                 schema: previous.schemaJSON, quality: previous.qualityJSON, drift: nil),
                outputs: [], reused: reused)
        }
        let silver = input.silver
        let schemaJSON: String? = try? String(decoding: JSONEncoder().encode(bronze.schema), as: UTF8.self)
        let qualityJSON = try silver.map { String(decoding: try encoder.encode($0.quality), as: UTF8.self) }
        let driftJSON = try silver?.schemaChanges.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        var rows = ["source": bronze.rows, "bronze": bronze.rows]
        var layers = ["raw": rawURI, "bronze": bronze.uri]
        var outputs = [
            OutputRecord(runId: fetch.runId, layer: "raw", uri: rawURI, rows: bronze.rows, bytes: fetch.bytes,
                         files: fetch.files.map { $0.filter { $0.rawKey != nil }.count } ?? 1),
            OutputRecord(runId: fetch.runId, layer: "bronze", uri: bronze.uri, rows: bronze.rows, bytes: bronze.bytes, files: bronze.files),
        ]
        if let silver {
            rows["silver"] = silver.rows
            rows["quarantined"] = silver.quality.quarantined
            layers["silver"] = silver.uri
            outputs.append(OutputRecord(runId: fetch.runId, layer: "silver", uri: silver.uri, rows: silver.rows,
                                        bytes: silver.bytes, files: silver.files))
            if let quarantine = silver.quarantine {
                layers["quarantine"] = quarantine.uri
                outputs.append(OutputRecord(runId: fetch.runId, layer: "quarantine", uri: quarantine.uri,
                                            rows: quarantine.rows, bytes: quarantine.bytes, files: 1))
            }
        }
        return BaseRecord(version: version(rows: rows, outputs: layers, schema: schemaJSON, quality: qualityJSON, drift: driftJSON),
                          outputs: outputs, reused: [:])
    }
}
