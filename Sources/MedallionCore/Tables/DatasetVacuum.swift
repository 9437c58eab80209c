import Foundation
import Lake
import Manifest
import Tables

/// What `medallion vacuum` removed (or, with `--dry-run`, would remove).
public struct VacuumResult: Sendable, Codable, Equatable {
    /// One removed partition (or raw copy) and what it held.
    public struct Removal: Sendable, Codable, Equatable {
        public var uri: String
        public var files: Int
        public var bytes: Int64
    }

    public var dataset: String
    public var dryRun: Bool
    /// Manifest versions whose files stay (the newest `keep`).
    public var keptVersions: [Int]
    /// Manifest versions whose files are now gone (their records stay, marked vacuumed).
    public var vacuumedVersions: [Int]
    public var removed: [Removal]
    public var bytes: Int64

    enum CodingKeys: String, CodingKey {
        case dataset
        case dryRun = "dry_run"
        case keptVersions = "kept_versions"
        case vacuumedVersions = "vacuumed_versions"
        case removed, bytes
    }
}

/// `medallion vacuum <dataset> [--keep N] [--dry-run]`: removes the raw copies, Bronze runs,
/// Silver and Gold partitions and quarantine partitions of manifest versions older than the
/// newest `keep`, except what a kept version still references (a reused layer, a rollback's
/// restored partitions). The current version is always kept. Removed versions stay in the
/// manifest marked vacuumed, and in the Delta logs: engines that time-travel to them find their
/// files gone, `rollback` refuses them. Files of no known layout are never touched.
public struct DatasetVacuum {
    let environment: PipelineEnvironment

    public init(environment: PipelineEnvironment) {
        self.environment = environment
    }

    public func vacuum(dataset: String, keep: Int = 10, dryRun: Bool) async throws -> VacuumResult {
        guard dataset.matchesEntirely(DatasetConfig.namePattern) else { throw TableCommandError.invalidDataset(dataset) }
        guard keep >= 1 else { throw TableCommandError.invalidKeep(keep) }
        let store = try environment.openManifest()
        let lock = try DatasetLock(dataset: dataset, environment: environment)
        defer { withExtendedLifetime(lock) {} }
        if !dryRun { try InterruptedRuns.settle(dataset: dataset, store: store) }
        let versions = try store.versions(dataset: dataset)
        guard let current = versions.first else { throw TableCommandError.noVersions(dataset: dataset) }
        let kept = Array(versions.prefix(keep))
        let dropped = versions.dropFirst(keep).filter { $0.vacuumedAt == nil }
        let lake = try ObjectStores.open(environment.lake, environment: environment.variables, logger: environment.logger)

        func keys(of version: ManifestVersion) throws -> [String] { try VersionKeys.of(version, store: store, lake: lake) }
        var referenced = Set(try kept.flatMap(keys))
        // Belt and braces: whatever the tables' current Delta versions hold stays too.
        for layer in current.outputs.keys {
            guard let key = TableCommits.tableKey(dataset: dataset, layer: layer),
                  let snapshot = try? await DeltaTable(store: lake, key: key).snapshot() else { continue }
            for file in snapshot.files {
                if let partition = LakeJanitor.partition(of: key + "/" + file.path) { referenced.insert(partition.prefix) }
            }
        }

        var removed: [VacuumResult.Removal] = []
        var vacuumed: [Int] = []
        var seen = Set<String>()
        for version in dropped.sorted(by: { $0.version < $1.version }) {
            var touched = false
            for key in try keys(of: version) where !referenced.contains(key) {
                touched = true
                guard seen.insert(key).inserted else { continue }
                // Only keys of the known layout (raw copy, run or version partitions of this dataset).
                let probe = key.hasPrefix("raw/") ? key : key + "/_SUCCESS"
                guard let partition = LakeJanitor.partition(of: probe), partition.prefix == key,
                      key.hasPrefix("raw/\(dataset)/") || key.hasPrefix("bronze/\(dataset)/")
                      || key.hasPrefix("silver/\(dataset)/") || key.hasPrefix("gold/\(dataset)/") else { continue }
                let objects = key.hasPrefix("raw/")
                    ? (try await lake.head(key: key)).map { [$0] } ?? []
                    : try await lake.list(prefix: key + "/")
                guard !objects.isEmpty else { continue }
                if !dryRun {
                    // `_SUCCESS` first: a partition never looks complete while its files go.
                    let ordered = objects.filter { $0.key.hasSuffix("/_SUCCESS") } + objects.filter { !$0.key.hasSuffix("/_SUCCESS") }
                    try await lake.delete(keys: ordered.map(\.key))
                }
                removed.append(.init(uri: lake.uri(for: key), files: objects.count, bytes: objects.reduce(0) { $0 + $1.size }))
            }
            if touched { vacuumed.append(version.version) }
        }
        if !dryRun, !vacuumed.isEmpty {
            try store.markVacuumed(dataset: dataset, versions: vacuumed, at: Date())
        }
        return VacuumResult(dataset: dataset, dryRun: dryRun, keptVersions: kept.map(\.version).sorted(),
                            vacuumedVersions: vacuumed, removed: removed, bytes: removed.reduce(0) { $0 + $1.bytes })
    }
}
