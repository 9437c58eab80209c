import Foundation
import Manifest
import StateMachine

/// `medallion:update-manifest`: the last step. Records the version, its outputs and row counts,
/// and the run's success in one transaction, after every partition is published.
public struct UpdateManifestStep: TaskHandler {
    public static let resource = "medallion:update-manifest"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        var run_id: String
        var fetch: FetchAndHashStep.Output
        var bronze: BronzeStep.Output
        /// Absent when the state machine has no Silver step.
        var silver: SilverStep.Output?
    }

    struct Output: Codable {
        var version: Int
        var run_id: String
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let store = try context.manifest()
        let fetch = input.fetch
        let bronze = input.bronze
        guard let rawURI = fetch.raw_uri else {
            throw TaskFailure(error: "Medallion.BadStepInput", cause: "\(Self.resource): fetch.raw_uri is missing")
        }
        let silver = input.silver
        let schemaJSON: String? = try? String(decoding: JSONEncoder().encode(bronze.schema), as: UTF8.self)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let qualityJSON = try silver.map { String(decoding: try encoder.encode($0.quality), as: UTF8.self) }
        let driftJSON = try silver?.schemaChanges.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        var rows = ["source": bronze.rows, "bronze": bronze.rows]
        var layers = ["raw": rawURI, "bronze": bronze.uri]
        if let silver {
            rows["silver"] = silver.rows
            rows["quarantined"] = silver.quality.quarantined
            layers["silver"] = silver.uri
            if let quarantine = silver.quarantine { layers["quarantine"] = quarantine.uri }
        }
        do {
            let run = try store.run(id: input.run_id)
            let version = ManifestVersion(
                dataset: input.dataset, runId: fetch.run_id, sourceURL: fetch.source_url, sourceSHA256: fetch.sha256,
                sourceBytes: fetch.bytes, sourceETag: fetch.etag, sourceLastModified: fetch.last_modified,
                rawURI: rawURI, pipelineFingerprint: fetch.fingerprint,
                rows: rows, outputs: layers, schemaJSON: schemaJSON, qualityJSON: qualityJSON, schemaChangesJSON: driftJSON,
                startedAt: run?.startedAt ?? Date(), finishedAt: Date())
            var outputs = [
                OutputRecord(runId: fetch.run_id, layer: "raw", uri: rawURI, rows: bronze.rows, bytes: fetch.bytes, files: 1),
                OutputRecord(runId: fetch.run_id, layer: "bronze", uri: bronze.uri, rows: bronze.rows,
                             bytes: bronze.bytes, files: bronze.files),
            ]
            if let silver {
                outputs.append(OutputRecord(runId: fetch.run_id, layer: "silver", uri: silver.uri, rows: silver.rows,
                                            bytes: silver.bytes, files: silver.files))
                if let quarantine = silver.quarantine {
                    outputs.append(OutputRecord(runId: fetch.run_id, layer: "quarantine", uri: quarantine.uri,
                                                rows: quarantine.rows, bytes: quarantine.bytes, files: 1))
                }
            }
            let number = try store.commitVersion(version, outputs: outputs, executionName: input.run_id)
            context.progress.note(dataset: input.dataset, "manifest version \(number) recorded")
            return try StepIO.encode(Output(version: number, run_id: fetch.run_id))
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }
}
