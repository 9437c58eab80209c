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
    /// Path of the SQLite manifest, or its `s3://bucket/key` URI when it lives in S3
    /// (`S3ManifestStore`).
    public var manifestPath: String
    /// Process environment, for S3 credentials and endpoints.
    public var variables: [String: String]
    /// Opens the manifest at a path: the one place steps, the runner and reports get their
    /// `ManifestStore` from. Nil (the default): SQLite, or `S3ManifestStore` for an `s3://`
    /// URI; tests may hand in another store.
    public var manifestFactory: ManifestFactory?
    /// Opens an existing manifest for inspection only (`manifest`, `runs`, `history`,
    /// `datasets`): no migration, nothing created, so a read-only manifest can be read.
    public var readingManifestFactory: ManifestFactory?
    /// Opens a private read-only copy of an existing manifest, for readers that must leave no
    /// trace at all beside it (`run --dry-run`).
    public var snapshotManifestFactory: ManifestFactory?
    /// Opens the manifest at a path or URI.
    public typealias ManifestFactory = @Sendable (String) throws -> any ManifestStore
    /// `run --sample N`: every source is read only up to its first N records.
    public var sampleRecords: Int?
    /// Where the engine, the steps and the lake log (retries, backoff waits, heartbeats);
    /// silent unless the CLI sets one up (`LogSettings.bootstrap`).
    public var logger = Logger(label: "medallion", factory: { _ in SwiftLogNoOpLogHandler() })

    public init(root: URL, lake: String, manifestPath: String, variables: [String: String],
                manifestFactory: ManifestFactory? = nil, readingManifestFactory: ManifestFactory? = nil) {
        self.root = root
        self.lake = lake
        self.manifestPath = manifestPath
        self.variables = variables
        self.manifestFactory = manifestFactory
        self.readingManifestFactory = readingManifestFactory
    }

    /// `custom`, else the default: `S3ManifestStore` for an `s3://` URI (reads and writes
    /// alike: its reads change nothing, and a private copy is all it ever queries), else `local`.
    /// Built when used, so the store logs where `logger` says by then.
    private func factory(_ custom: ManifestFactory?, local: @escaping ManifestFactory) -> ManifestFactory {
        if let custom { return custom }
        let variables = variables, logger = logger
        return { path in
            S3ManifestStore.isS3(path) ? try S3ManifestStore(uri: path, variables: variables, logger: logger) : try local(path)
        }
    }

    private var opening: ManifestFactory { factory(manifestFactory) { try SQLiteManifestStore(path: $0) } }
    private var openingForReading: ManifestFactory { factory(readingManifestFactory) { try SQLiteManifestStore(readingPath: $0) } }
    private var openingSnapshot: ManifestFactory { factory(snapshotManifestFactory) { try SQLiteManifestStore(snapshotOf: $0) } }

    /// Whether the manifest is an S3 object rather than a local file.
    public var manifestInS3: Bool { S3ManifestStore.isS3(manifestPath) }

    /// Whether the manifest exists yet (a local file, or an S3 object: one request).
    public func manifestExists() throws -> Bool {
        guard manifestInS3 else { return FileManager.default.fileExists(atPath: manifestPath) }
        return try S3ManifestStore(uri: manifestPath, variables: variables, logger: logger).exists()
    }

    /// The existing manifest opened by `factory`, nil when there is none yet. For an S3
    /// manifest, one conditional GET both answers whether it exists and fills the store's copy.
    private func openExisting(_ factory: (String) throws -> any ManifestStore) throws -> (any ManifestStore)? {
        guard manifestInS3 else {
            guard FileManager.default.fileExists(atPath: manifestPath) else { return nil }
            return try factory(manifestPath)
        }
        let store = try factory(manifestPath)
        if let s3 = store as? S3ManifestStore, try !s3.exists() { return nil }
        return store
    }

    /// The manifest opened read-only, nil when there is none yet.
    public func openExistingManifestForReading() throws -> (any ManifestStore)? {
        try openExisting(openingForReading)
    }

    /// The manifest store at `manifestPath`.
    public func openManifest() throws -> any ManifestStore {
        try opening(manifestPath)
    }

    /// The manifest store at `manifestPath`, read-only; it must exist.
    public func openManifestForReading() throws -> any ManifestStore {
        try openingForReading(manifestPath)
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
        try openExisting(openingSnapshot)
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
