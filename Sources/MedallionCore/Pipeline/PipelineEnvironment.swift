import Foundation
import Logging
import Manifest

/// Where a pipeline finds its configs and writes its lake and manifest.
///
/// Resolution order for each setting: explicit flag, then environment variable, then default
/// (DESIGN.md: `MEDALLION_LAKE`, `MEDALLION_MANIFEST`, else `lake/` and `lake/manifest.sqlite`).
public struct PipelineEnvironment: Sendable {
    /// The repository root: holds `datasets/` and `statemachines/`; relative `file:` URLs resolve here.
    public var root: URL
    /// A local directory path or `s3://bucket/prefix`.
    public var lake: String
    /// Path of the SQLite manifest.
    public var manifestPath: String
    /// Process environment, for S3 credentials and endpoints.
    public var variables: [String: String]
    /// Opens the manifest at a path: the one place steps, the runner and reports get their
    /// `ManifestStore` from (SQLite by default; tests may hand in another store).
    public var manifestFactory: @Sendable (String) throws -> any ManifestStore
    /// Opens an existing manifest for inspection only (`manifest`, `runs`, `history`,
    /// `datasets`): no migration, nothing created, so a read-only manifest can be read.
    public var readingManifestFactory: @Sendable (String) throws -> any ManifestStore
    /// Opens a private read-only copy of an existing manifest, for readers that must leave no
    /// trace at all beside it (`run --dry-run`).
    /// `run --sample N`: every source is read only up to its first N records.
    public var sampleRecords: Int?
    public var snapshotManifestFactory: @Sendable (String) throws -> any ManifestStore = { try SQLiteManifestStore(snapshotOf: $0) }
    /// Where the engine, the steps and the lake log (retries, backoff waits, heartbeats);
    /// silent unless the CLI sets one up (`LogSettings.bootstrap`).
    public var logger = Logger(label: "medallion", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(root: URL, lake: String, manifestPath: String, variables: [String: String],
                manifestFactory: @escaping @Sendable (String) throws -> any ManifestStore = { try SQLiteManifestStore(path: $0) },
                readingManifestFactory: @escaping @Sendable (String) throws -> any ManifestStore = { try SQLiteManifestStore(readingPath: $0) }) {
        self.root = root
        self.lake = lake
        self.manifestPath = manifestPath
        self.variables = variables
        self.manifestFactory = manifestFactory
        self.readingManifestFactory = readingManifestFactory
    }

    /// The manifest store at `manifestPath`.
    public func openManifest() throws -> any ManifestStore {
        try manifestFactory(manifestPath)
    }

    /// The manifest store at `manifestPath`, read-only; it must exist.
    public func openManifestForReading() throws -> any ManifestStore {
        try readingManifestFactory(manifestPath)
    }

    /// The sandbox of `run --sample N`: the lake's `_sample/` with its own manifest, every
    /// source cut to its first `records` records. The real lake and manifest are never touched.
    public func sample(records: Int) -> PipelineEnvironment {
        var sandbox = self
        sandbox.lake = lake.hasSuffix("/") ? lake + "_sample" : lake + "/_sample"
        let localLake = lake.hasPrefix("s3://") ? path("lake").path : lake
        sandbox.manifestPath = URL(fileURLWithPath: localLake).appendingPathComponent("_sample/manifest.sqlite").path
        sandbox.sampleRecords = records
        return sandbox
    }

    /// A private copy of the manifest at `manifestPath`, nil when there is none yet.
    public func openManifestSnapshot() throws -> (any ManifestStore)? {
        guard FileManager.default.fileExists(atPath: manifestPath) else { return nil }
        return try snapshotManifestFactory(manifestPath)
    }

    /// Resolves flags against `MEDALLION_*` variables and defaults, relative to `root` (default: cwd).
    public static func resolve(lake: String? = nil, manifest: String? = nil, root: URL? = nil,
                               variables: [String: String] = ProcessInfo.processInfo.environment) -> PipelineEnvironment {
        let base = root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func absolute(_ path: String) -> String {
            if path.hasPrefix("s3://") || path.hasPrefix("/") { return path }
            return base.appendingPathComponent(path).standardizedFileURL.path
        }
        let lakeSetting = lake ?? variables["MEDALLION_LAKE"].flatMap { $0.isEmpty ? nil : $0 } ?? "lake"
        let manifestSetting = manifest ?? variables["MEDALLION_MANIFEST"].flatMap { $0.isEmpty ? nil : $0 }
        let resolvedLake = absolute(lakeSetting)
        let defaultManifest = resolvedLake.hasPrefix("s3://") ? absolute("lake/manifest.sqlite")
            : URL(fileURLWithPath: resolvedLake).appendingPathComponent("manifest.sqlite").path
        return PipelineEnvironment(root: base, lake: resolvedLake,
                                   manifestPath: manifestSetting.map(absolute) ?? defaultManifest,
                                   variables: variables)
    }

    /// The same environment logging with `dataset` on every line.
    public func scoped(to dataset: String) -> PipelineEnvironment {
        var copy = self
        copy.logger[metadataKey: "dataset"] = .string(dataset)
        return copy
    }

    /// `datasets/` under the root.
    public var datasetsDirectory: URL { root.appendingPathComponent("datasets") }

    /// Resolves a repository-relative path (state machines, samples).
    public func path(_ relative: String) -> URL {
        relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : root.appendingPathComponent(relative)
    }
}
