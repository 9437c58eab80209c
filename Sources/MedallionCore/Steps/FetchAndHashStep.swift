import Foundation
import Lake
import Manifest
import StateMachine

/// `medallion:fetch-and-hash`: hashes the source, decides whether anything changed, and lands a
/// byte-exact copy in the raw layer when the run needs one. A local file that may well be
/// unchanged is hashed where it lies and copied only if it changed (`SourceReadOrder`), so a
/// skip reads it once and writes nothing; otherwise the source streams to a staging file while
/// it is hashed.
public struct FetchAndHashStep: TaskHandler {
    public static let resource = "medallion:fetch-and-hash"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        /// The run's execution name (its provisional id).
        var runId: String
        var force: Bool?

        enum CodingKeys: String, CodingKey {
            case dataset
            case runId = "run_id"
            case force
        }
    }

    struct Output: Codable {
        var runId: String
        var sha256: String
        var bytes: Int64
        var changed: Bool
        var reason: String
        var rawKey: String?
        var rawURI: String?
        var fingerprint: String
        var etag: String?
        var lastModified: String?
        var ingestDate: String
        var sourceURL: String
        var notModified: Bool
        /// Which layers this run rebuilds (`changed` is false only for `.none`).
        var recompute: Recompute
        var fingerprints: LayerFingerprints
        /// With `recompute == .gold`: the Gold tables to rebuild; the rest are reused.
        var goldTables: [String]
        /// The run of the version this one starts from (reused layers come from it).
        var previousRunId: String?
        /// Incremental database sources: the watermark after this run's extract (JSON text).
        var watermark: String?
        /// Many-file sources: every file in order (`raw_key` is then the run's file list).
        var files: [SourceFile]?

        enum CodingKeys: String, CodingKey {
            case runId = "run_id"
            case sha256, bytes, changed, reason
            case rawKey = "raw_key"
            case rawURI = "raw_uri"
            case fingerprint, etag
            case lastModified = "last_modified"
            case ingestDate = "ingest_date"
            case sourceURL = "source_url"
            case notModified = "not_modified"
            case recompute, fingerprints
            case goldTables = "gold_tables"
            case previousRunId = "previous_run_id"
            case watermark, files
        }
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let inputCheck = StepInputCheck(step: Self.resource)
        try inputCheck.dataset(input.dataset, field: "dataset")
        // The execution name: it becomes the run's id prefix and a key in the manifest.
        try inputCheck.runId(input.runId, field: "run_id")
        let config = try context.config(input.dataset)
        let stateMachineBytes = try context.stateMachineBytes(for: config)
        let store = try context.manifest()
        let sourceURL = config.source.url
        let redactedURL = Redaction.redact(sourceURL)
        let force = input.force ?? false

        // `medallion task` drives steps one by one: the run exists only if a runner made it.
        try ensureRun(store: store, input: input, config: config, redactedURL: redactedURL, force: force)
        let check = try manifestCall { try ChangeCheck(config: config, stateMachineBytes: stateMachineBytes, store: store) }
        let previous = check.previous
        let fingerprints = check.fingerprints
        let fingerprint = fingerprints.combined

        let lake = try context.lake()
        // Conditional requests only make sense against the same URL under the same pipeline.
        let conditional = check.conditional(redactedURL: redactedURL, force: force)

        var fetcher = SourceFetcher(baseDirectory: context.environment.root, environment: context.environment.variables)
        fetcher.logger = context.environment.logger
        if let files = config.source.files {
            let fileSet = FileSetFetch(context: context, config: config, files: files, check: check, store: store, lake: lake, fetcher: fetcher)
            return try StepIO.encode(try await fileSet.run(executionName: input.runId, force: force, fingerprint: fingerprint,
                                                           fingerprints: fingerprints))
        }
        let progress = context.progress
        let dataset = config.name
        let report: @Sendable (FetchProgress) -> Void = { update in
            progress.downloaded(dataset: dataset, bytes: update.bytes, total: update.total)
        }
        // The ingest date comes from the run's start time, which the provisional id already has.
        let ingestDate = RunIdentifier.ingestDate(runId: input.runId)
        let rawExtension = Self.rawExtension(sourceURL, format: config.source.format)
        func rawKey(_ sha256: String) -> String { "raw/\(config.name)/ingest_date=\(ingestDate)/\(sha256).\(rawExtension)" }

        // Staging is made only when a copy is: a skip writes nothing, not even an empty directory.
        var scratch: URL?
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        func stagingFile() throws -> URL {
            let directory = try context.stagingDirectory("fetch", dataset: config.name, lake: lake)
            scratch = directory
            return directory.appendingPathComponent("source")
        }

        // A database source is extracted, never a file to size or hash in place.
        let localSize = config.source.database != nil ? nil : try await fetching(config, redactedURL) { try fetcher.localFileSize(sourceURL) }
        var extract: DatabaseExtract.Result?
        let ifUnchanged = check.ifUnchanged
        // Only a run that needs a raw copy of unchanged bytes asks whether it already has one.
        var rawCopyOfUnchangedExists = false
        if let previous, localSize == previous.sourceBytes, force || ifUnchanged == .all {
            let key = rawKey(previous.sourceSHA256)
            rawCopyOfUnchangedExists = try await context.storage("checking \(key)") { try await lake.head(key: key) }?.size == previous.sourceBytes
        }
        let order = SourceReadOrder.choose(localSize: localSize, force: force, previous: previous, ifUnchanged: ifUnchanged,
                                           rawCopyOfUnchangedExists: rawCopyOfUnchangedExists)
        // The staged copy of the source, when this run made one.
        var staged: URL?
        let result: FetchResult = try await fetching(config, redactedURL) {
            if let database = config.source.database {
                let file = try stagingFile()
                staged = file
                let extracted = try DatabaseExtract.run(database, environment: context.environment, to: file,
                                                        after: force ? nil : check.watermark)
                extract = extracted
                return extracted.fetch
            }
            if order == .hashFirst, let hashed = try await fetcher.hashInPlace(sourceURL, progress: report) { return hashed }
            let file = try stagingFile()
            staged = file
            return try await fetcher.fetch(sourceURL, to: file, conditional: conditional, progress: report)
        }

        let sha256: String
        let bytes: Int64
        // An incremental extract with no new row stands for the same data as the last version.
        let emptyIncrement = config.source.database?.incrementalColumn != nil && extract?.rows == 0 && !force
        if result.notModified || emptyIncrement, let previous {
            sha256 = previous.sourceSHA256
            bytes = previous.sourceBytes
        } else {
            sha256 = result.sha256
            bytes = result.bytes
        }
        // The store may suffix the content-named id when another run already holds it.
        let runId = try manifestCall {
            try store.identifyRun(executionName: input.runId, runId: RunIdentifier.final(provisional: input.runId, sha256: sha256),
                                  sourceSHA256: sha256)
        }
        // Log lines carry the execution name; this one ties it to the id runs and partitions show.
        context.environment.logger.info("run identified", metadata: [
            "execution": .string(input.runId), "run_id": .string(runId), "sha256": .string(sha256),
        ])

        let plan = extract.map { check.plan(extract: $0, incremental: config.source.database?.incrementalColumn != nil, force: force) }
            ?? check.plan(sha256: sha256, notModified: result.notModified, force: force)

        var output = Output(runId: runId, sha256: sha256, bytes: bytes, changed: plan.recompute != .none, reason: plan.reason,
                            rawKey: nil, rawURI: nil, fingerprint: fingerprint, etag: result.etag ?? previous?.sourceETag,
                            lastModified: result.lastModified ?? previous?.sourceLastModified,
                            ingestDate: RunIdentifier.ingestDate(runId: runId), sourceURL: redactedURL,
                            notModified: result.notModified, recompute: plan.recompute, fingerprints: fingerprints,
                            goldTables: plan.goldTables, previousRunId: previous?.runId,
                            watermark: config.source.database?.incrementalColumn == nil ? nil : extract?.watermark ?? check.watermark)
        if plan.recompute == .gold, let previous {
            // The source is the same bytes: the previous raw copy stands for this run too.
            output.rawKey = Self.key(of: previous.rawURI, in: lake)
            output.rawURI = previous.rawURI
            context.progress.note(dataset: config.name, "source unchanged; \(plan.reason): rebuilding Gold only")
        } else if plan.recompute == .all {
            let key = rawKey(sha256)
            if result.notModified, let previous {
                // Nothing was downloaded: the previous raw copy is still the exact source.
                output.rawKey = Self.key(of: previous.rawURI, in: lake) ?? key
                output.rawURI = previous.rawURI
            } else {
                // A same-day rerun or a resumed run may have landed these very bytes already.
                let landed = try await context.storage("checking \(key)") { try await lake.head(key: key) }?.size == bytes
                if !landed && staged == nil {
                    // Hashed in place: copy now, and only a copy with the hash just computed is
                    // kept (the file may have changed since it was hashed).
                    staged = try await fetching(config, redactedURL) {
                        let file = try stagingFile()
                        _ = try await fetcher.fetch(sourceURL, to: file, conditional: nil, expectedSHA256: sha256, progress: report)
                        return file
                    }
                }
                CrashPoint.reach("fetch.downloaded")
                if !landed, let staged {
                    try await context.storage("writing \(lake.uri(for: key))") { try await lake.put(key: key, movingFileAt: staged) }
                }
                CrashPoint.reach("fetch.raw-written")
                output.rawKey = key
                output.rawURI = lake.uri(for: key)
            }
            context.progress.note(dataset: config.name, "fetched \(bytes) bytes, sha256 \(sha256.prefix(12))…, \(plan.reason)")
        } else {
            let why = plan.reason == "source unchanged" ? "" : ", \(plan.reason)"
            context.progress.note(dataset: config.name, "unchanged (sha256 \(sha256.prefix(12))…\(why)): nothing to do")
        }
        return try StepIO.encode(output)
    }

    private func ensureRun(store: any ManifestStore, input: Input, config: DatasetConfig, redactedURL: String, force: Bool) throws {
        try manifestCall {
            try store.registerDataset(name: config.name, configPath: "datasets/\(config.name).json")
            if try store.run(id: input.runId) == nil {
                try store.startRun(RunRecord(executionName: input.runId, runId: input.runId, dataset: config.name,
                                             forced: force, sourceURL: redactedURL,
                                             startedAt: RunIdentifier.startDate(runId: input.runId) ?? Date()))
            }
        }
    }

    private func manifestCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }

    /// Runs a source read, naming its failure for the state machine (Retry/Catch on the name).
    private func fetching<T>(_ config: DatasetConfig, _ redactedURL: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as TaskFailure {
            throw failure
        } catch let error as FetchError {
            throw TaskFailure(error: Self.errorName(error), cause: "\(config.name): \(error.description)")
        } catch {
            throw TaskFailure(error: StepError.sourceFailed, cause: "\(config.name): fetching \(redactedURL): \(error)")
        }
    }

    static func errorName(_ error: FetchError) -> String {
        if case .sourceChanged = error { return StepError.sourceChanged }
        if error.isTransient { return StepError.sourceUnavailable }
        if error.httpStatus == 404 { return StepError.sourceNotFound }
        if case .localFile(_, let reason) = error, reason == String(cString: strerror(ENOENT)) {
            return StepError.sourceNotFound
        }
        return StepError.sourceFailed
    }

    /// `csv`, `csv.gz`, `ndjson.zst`, …: the source's own extension(s), else the format.
    static func rawExtension(_ url: String, format: SourceConfig.Format) -> String {
        // A database extract is NDJSON whatever the database file is called.
        if DatabaseSource.isDatabase(url) { return "ndjson" }
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
