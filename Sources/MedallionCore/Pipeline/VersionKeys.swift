import Lake
import Manifest

/// The lake keys a manifest version references: its published partitions, its raw copy and,
/// for a many-file source, every file's raw copy (which may be an earlier version's). What the
/// janitor and `vacuum` must keep for a version they keep.
enum VersionKeys {
    static func of(_ version: ManifestVersion, store: any ManifestStore, lake: any ObjectStore) throws -> [String] {
        let files = try store.files(dataset: version.dataset, version: version.version).compactMap(\.rawURI)
        return (Array(version.outputs.values) + [version.rawURI] + files).compactMap { FetchAndHashStep.key(of: $0, in: lake) }.sorted()
    }

    /// The file SHA-256s a many-file run's file list (`<sha256>.sha256` raw copy) names: a run
    /// that may be resumed needs their raw copies although no version references them yet.
    static func listedFiles(_ list: [UInt8]) -> [String] {
        String(decoding: list, as: UTF8.self).split(separator: "\n").compactMap { line in
            let sha = line.prefix { $0 != " " }
            return sha.count == 64 ? String(sha) : nil
        }
    }
}
