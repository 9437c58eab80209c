import Foundation
import Lake
import Manifest

/// What `run --dry-run` predicts for one dataset, and why.
public struct DryRunVerdict: Sendable, Codable {
    public enum Action: String, Sendable, Codable {
        /// Bronze, Silver and Gold would be rebuilt.
        case run
        /// Only some Gold tables would be rebuilt on the current Silver.
        case rebuildGold = "rebuild-gold"
        case skip
        /// The dataset cannot run as it stands (config, definition, source).
        case error
    }

    public var dataset: String
    public var action: Action
    public var reason: String
    public var sourceSHA256: String?
    public var bytes: Int64?
    /// The server answered a conditional request with 304.
    public var notModified: Bool
    public var currentVersion: Int?
    public var goldTables: [String]

    enum CodingKeys: String, CodingKey {
        case dataset, action, reason, bytes
        case sourceSHA256 = "source_sha256"
        case notModified = "not_modified"
        case currentVersion = "current_version"
        case goldTables = "gold_tables"
    }

    /// One line for people.
    public var text: String {
        switch action {
        case .run: return "\(dataset): would run: \(reason)"
        case .rebuildGold: return "\(dataset): would rebuild gold \(goldTables.joined(separator: ", ")): \(reason)"
        case .skip: return "\(dataset): would skip: \(reason)" + (currentVersion.map { " (version \($0) stays current)" } ?? "")
        case .error: return "\(dataset): cannot run: \(reason)"
        }
    }
}

/// `medallion run --dry-run`: the decision FetchAndHash would take (same rules, `ChangeCheck`),
/// reached without writing to the lake or the manifest. A local source (each file of a
/// many-file source too) is hashed where it lies; a remote one is fetched (conditionally, as a
/// run would) into a temporary file outside the lake, then removed.
public struct DryRun: Sendable {
    public let environment: PipelineEnvironment

    public init(environment: PipelineEnvironment) {
        self.environment = environment
    }

    public func verdict(dataset name: String, force: Bool) async -> DryRunVerdict {
        var verdict = DryRunVerdict(dataset: name, action: .error, reason: "", notModified: false, goldTables: [])
        do {
            let (config, _, stateMachineBytes) = try DatasetRunner(environment: environment).prepare(dataset: name)
            // A private copy: even a read-only connection would leave a `-shm` file in the lake.
            let store = try environment.openManifestSnapshot()
            let check = try ChangeCheck(config: config, stateMachineBytes: stateMachineBytes, store: store)
            verdict.currentVersion = check.previous?.version
            let redacted = Redaction.redact(config.source.url)
            var fetcher = SourceFetcher(baseDirectory: environment.root, environment: environment.variables)
            fetcher.logger = environment.logger
            let ignore: @Sendable (FetchProgress) -> Void = { _ in }
            let result: FetchResult
            var extract: DatabaseExtract.Result?
            if let files = config.source.files {
                // Every file is hashed (remote ones downloaded to a temporary directory), as a run would.
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-dry-run-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: scratch) }
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                let hashing = try await FileSetHashing.run(files, dataset: config.name, root: environment.root, environment: environment.variables,
                                                           fetcher: fetcher, staging: scratch) { _ in }
                result = FetchResult(notModified: false, sha256: hashing.sha256, bytes: hashing.bytes, etag: nil, lastModified: nil)
            } else if let database = config.source.database {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-dry-run-\(UUID().uuidString).ndjson")
                defer { try? FileManager.default.removeItem(at: scratch) }
                let extracted = try DatabaseExtract.run(database, environment: environment, to: scratch, after: force ? nil : check.watermark)
                extract = extracted
                result = extracted.fetch
            } else if let hashed = try await fetcher.hashInPlace(config.source.url, progress: ignore) {
                result = hashed
            } else {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-dry-run-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: scratch) }
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                result = try await fetcher.fetch(config.source.url, to: scratch.appendingPathComponent("source"),
                                                 conditional: check.conditional(redactedURL: redacted, force: force), progress: ignore)
            }
            let sha256 = result.notModified ? check.previous?.sourceSHA256 ?? result.sha256 : result.sha256
            let plan = extract.map { check.plan(extract: $0, incremental: config.source.database?.incrementalColumn != nil, force: force) }
                ?? check.plan(sha256: sha256, notModified: result.notModified, force: force)
            verdict.sourceSHA256 = sha256
            verdict.bytes = result.notModified ? check.previous?.sourceBytes : result.bytes
            verdict.notModified = result.notModified
            verdict.reason = plan.reason
            verdict.goldTables = plan.goldTables
            switch plan.recompute {
            case .all: verdict.action = .run
            case .gold: verdict.action = .rebuildGold
            case .none: verdict.action = .skip
            }
        } catch {
            verdict.reason = "\(error)"
        }
        return verdict
    }
}
