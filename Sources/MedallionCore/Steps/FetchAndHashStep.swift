import Foundation
import Lake
import Manifest
import StateMachine

/// `medallion:fetch-and-hash`: streams the source to a scratch file while hashing it, decides
/// whether anything changed, and lands a byte-exact copy in the raw layer when it did.
public struct FetchAndHashStep: TaskHandler {
    public static let resource = "medallion:fetch-and-hash"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        /// The run's execution name (its provisional id).
        var run_id: String
        var force: Bool?
    }

    struct Output: Codable {
        var run_id: String
        var sha256: String
        var bytes: Int64
        var changed: Bool
        var reason: String
        var raw_key: String?
        var raw_uri: String?
        var fingerprint: String
        var etag: String?
        var last_modified: String?
        var ingest_date: String
        var source_url: String
        var not_modified: Bool
        /// Which layers this run rebuilds (`changed` is false only for `.none`).
        var recompute: Recompute
        var fingerprints: LayerFingerprints
        /// With `recompute == .gold`: the Gold tables to rebuild; the rest are reused.
        var goldTables: [String]
        /// The run of the version this one starts from (reused layers come from it).
        var previousRunId: String?

        enum CodingKeys: String, CodingKey {
            case run_id, sha256, bytes, changed, reason, raw_key, raw_uri, fingerprint, etag, last_modified, ingest_date
            case source_url, not_modified, recompute, fingerprints
            case goldTables = "gold_tables"
            case previousRunId = "previous_run_id"
        }
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        // The execution name: it becomes the run's id prefix and a key in the manifest.
        try check.runId(input.run_id, field: "run_id")
        let config = try context.config(input.dataset)
        let fingerprints = config.layerFingerprints(stateMachineBytes: try context.stateMachineBytes(for: config))
        let fingerprint = fingerprints.combined
        let store = try context.manifest()
        let sourceURL = config.source.url
        let redactedURL = Redaction.redact(sourceURL)
        let force = input.force ?? false

        // `medallion task` drives steps one by one: the run exists only if a runner made it.
        try ensureRun(store: store, input: input, config: config, redactedURL: redactedURL, force: force)
        let previous = try manifestCall { try store.latestVersion(dataset: config.name) }

        let lake = try context.lake()
        let scratch = try context.stagingDirectory("fetch", dataset: config.name, lake: lake)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let staging = scratch.appendingPathComponent("source")
        // Conditional requests only make sense against the same URL under the same pipeline.
        let conditional = (previous.map { $0.sourceURL == redactedURL && $0.pipelineFingerprint == fingerprint } ?? false) && !force
            ? ConditionalRequest(etag: previous?.sourceETag, lastModified: previous?.sourceLastModified) : nil

        var fetcher = SourceFetcher(baseDirectory: context.environment.root, environment: context.environment.variables)
        fetcher.logger = context.environment.logger
        let progress = context.progress
        let dataset = config.name
        let result: FetchResult
        do {
            result = try await fetcher.fetch(sourceURL, to: staging, conditional: conditional) { update in
                progress.downloaded(dataset: dataset, bytes: update.bytes, total: update.total)
            }
        } catch let error as FetchError {
            throw TaskFailure(error: Self.errorName(error), cause: "\(config.name): \(error.description)")
        } catch {
            throw TaskFailure(error: StepError.sourceFailed, cause: "\(config.name): fetching \(redactedURL): \(error)")
        }

        let sha256: String
        let bytes: Int64
        if result.notModified, let previous {
            sha256 = previous.sourceSHA256
            bytes = previous.sourceBytes
        } else {
            sha256 = result.sha256
            bytes = result.bytes
        }
        // The store may suffix the content-named id when another run already holds it.
        let runId = try manifestCall {
            try store.identifyRun(executionName: input.run_id, runId: RunIdentifier.final(provisional: input.run_id, sha256: sha256),
                                  sourceSHA256: sha256)
        }
        // Log lines carry the execution name; this one ties it to the id runs and partitions show.
        context.environment.logger.info("run identified", metadata: [
            "execution": .string(input.run_id), "run_id": .string(runId), "sha256": .string(sha256),
        ])

        let goldInputs = try manifestCall { try GoldDependencies.currentInputs(of: config, store: store) }
        let waiting = try manifestCall { try GoldDependencies.waitingTables(of: config, store: store) }
        var plan = RecomputePlan.decide(previous: previous, sha256: sha256, fingerprints: fingerprints, goldInputs: goldInputs,
                                        waiting: Set(waiting.keys))
        if plan.recompute == .none && result.notModified { plan.reason = "source not modified (HTTP 304)" }
        if force && plan.recompute != .all { plan = RecomputePlan(recompute: .all, reason: "forced (\(plan.reason))", goldTables: []) }

        var output = Output(run_id: runId, sha256: sha256, bytes: bytes, changed: plan.recompute != .none, reason: plan.reason,
                            raw_key: nil, raw_uri: nil, fingerprint: fingerprint, etag: result.etag ?? previous?.sourceETag,
                            last_modified: result.lastModified ?? previous?.sourceLastModified,
                            ingest_date: RunIdentifier.ingestDate(runId: runId), source_url: redactedURL,
                            not_modified: result.notModified, recompute: plan.recompute, fingerprints: fingerprints,
                            goldTables: plan.goldTables, previousRunId: previous?.runId)
        if plan.recompute == .gold, let previous {
            // The source is the same bytes: the previous raw copy stands for this run too.
            output.raw_key = Self.key(of: previous.rawURI, in: lake)
            output.raw_uri = previous.rawURI
            context.progress.note(dataset: config.name, "source unchanged; \(plan.reason): rebuilding Gold only")
        } else if plan.recompute == .all {
            let key = "raw/\(config.name)/ingest_date=\(output.ingest_date)/\(sha256).\(Self.rawExtension(sourceURL, format: config.source.format))"
            if result.notModified, let previous {
                // Nothing was downloaded: the previous raw copy is still the exact source.
                output.raw_key = Self.key(of: previous.rawURI, in: lake) ?? key
                output.raw_uri = previous.rawURI
            } else {
                CrashPoint.reach("fetch.downloaded")
                let existing = try await context.storage("checking \(key)") { try await lake.head(key: key) }
                if existing?.size != bytes {
                    try await context.storage("writing \(lake.uri(for: key))") { try await lake.put(key: key, movingFileAt: staging) }
                }
                CrashPoint.reach("fetch.raw-written")
                output.raw_key = key
                output.raw_uri = lake.uri(for: key)
            }
            context.progress.note(dataset: config.name, "fetched \(bytes) bytes, sha256 \(sha256.prefix(12))…, \(plan.reason)")
        } else {
            context.progress.note(dataset: config.name, "unchanged (sha256 \(sha256.prefix(12))…): nothing to do")
        }
        return try StepIO.encode(output)
    }

    private func ensureRun(store: any ManifestStore, input: Input, config: DatasetConfig, redactedURL: String, force: Bool) throws {
        try manifestCall {
            try store.registerDataset(name: config.name, configPath: "datasets/\(config.name).json")
            if try store.run(id: input.run_id) == nil {
                try store.startRun(RunRecord(executionName: input.run_id, runId: input.run_id, dataset: config.name,
                                             forced: force, sourceURL: redactedURL,
                                             startedAt: RunIdentifier.startDate(runId: input.run_id) ?? Date()))
            }
        }
    }

    private func manifestCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }

    static func errorName(_ error: FetchError) -> String {
        if error.isTransient { return StepError.sourceUnavailable }
        if error.httpStatus == 404 { return StepError.sourceNotFound }
        if case .localFile(_, let reason) = error, reason == String(cString: strerror(ENOENT)) {
            return StepError.sourceNotFound
        }
        return StepError.sourceFailed
    }

    /// `csv`, `csv.gz`, `ndjson.zst`, …: the source's own extension(s), else the format.
    static func rawExtension(_ url: String, format: SourceConfig.Format) -> String {
        let path = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        let parts = name.split(separator: ".").map { $0.lowercased() }
        guard parts.count >= 2 else { return format.rawValue }
        let compressed = ["gz", "zst", "zip"]
        if let last = parts.last, compressed.contains(last), parts.count >= 3 {
            return "\(parts[parts.count - 2]).\(last)"
        }
        let ext = parts.last ?? format.rawValue
        return ext.allSatisfy { $0.isLetter || $0.isNumber } && ext.count <= 8 ? ext : format.rawValue
    }

    static func key(of uri: String, in lake: any ObjectStore) -> String? {
        let root = lake.rootURI.hasSuffix("/") ? lake.rootURI : lake.rootURI + "/"
        return uri.hasPrefix(root) ? String(uri.dropFirst(root.count)) : nil
    }
}
