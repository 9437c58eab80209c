import Foundation
import Lake
import Manifest

/// Removes what killed runs of one dataset left behind, under its lock: scratch and staging
/// directories, the stores' own incomplete writes (local staging files, S3 multipart uploads),
/// and complete partitions no manifest version references. Never removes anything a manifest
/// version references, nor the partitions of a run that can still be resumed (failed or
/// interrupted after the current version) or of the run about to start.
struct LakeJanitor {
    let dataset: String
    let lake: any ObjectStore
    let store: any ManifestStore

    struct Report {
        var removed: [String] = []
        var bytes: Int64 = 0
    }

    /// The layer prefixes a dataset's writes go to.
    var prefixes: [String] { ["raw/\(dataset)/", "bronze/\(dataset)/", "silver/\(dataset)/", "gold/\(dataset)/"] }

    func clean(protecting current: String?) async throws -> Report {
        var report = Report()
        report.removed += removeScratch(in: FileManager.default.temporaryDirectory.path, prefix: ScratchNames.temporary(dataset, lake: lake))
        if let root = StepContext.localPath(in: lake, key: "") {
            report.removed += removeScratch(in: root, prefix: ScratchNames.staging(dataset))
        }
        for prefix in prefixes {
            report.removed += try await lake.removeIncompleteWrites(prefix: prefix)
        }
        let orphans = try await unreferencedObjects(protecting: current)
        if !orphans.isEmpty {
            try await lake.delete(keys: orphans.map(\.key))
            report.removed += Set(orphans.map { Self.partition(of: $0.key)?.prefix ?? $0.key }).sorted()
            report.bytes = orphans.reduce(0) { $0 + $1.size }
        }
        return report
    }

    private func removeScratch(in directory: String, prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.compactMap { name in
            let path = directory + "/" + name
            return (try? FileManager.default.removeItem(atPath: path)) == nil ? nil : path
        }
    }

    /// Objects of complete or partial partitions no version references.
    func unreferencedObjects(protecting current: String?) async throws -> [ObjectInfo] {
        let versions = try store.versions(dataset: dataset)
        var referenced = Set<String>()
        for version in versions {
            referenced.formUnion(try VersionKeys.of(version, store: store, lake: lake))
        }
        // Runs that may still be resumed keep their partitions and raw copy.
        let latestStart = versions.map(\.startedAt).max() ?? .distantPast
        var keptRuns = Set<String>()
        var keptSources = Set<String>()
        for run in try store.runs(dataset: dataset, limit: 10_000)
        where run.executionName == current || run.runId == current
            || ((run.status.isResumable || run.status == .running) && run.startedAt > latestStart) {
            keptRuns.insert(run.runId)
            if let sha = run.sourceSHA256 { keptSources.insert(sha) }
        }
        var listed: [(prefix: String, objects: [ObjectInfo])] = []
        for prefix in prefixes { listed.append((prefix, try await lake.list(prefix: prefix))) }
        // A many-file run's file list names the raw copies of its files.
        for object in listed.first?.objects ?? [] where object.key.hasSuffix(".sha256") {
            guard let partition = Self.partition(of: object.key), keptSources.contains(partition.run) else { continue }
            keptSources.formUnion(VersionKeys.listedFiles(try await lake.get(key: object.key, range: 0..<object.size)))
        }
        var orphans: [ObjectInfo] = []
        for (_, objects) in listed {
            for object in objects {
                guard let partition = Self.partition(of: object.key), !referenced.contains(partition.prefix) else { continue }
                if keptRuns.contains(partition.run) || keptSources.contains(partition.run) { continue }
                orphans.append(object)
            }
        }
        return orphans
    }

    /// The partition a key belongs to and the run id (for raw copies: the source SHA-256) that
    /// names it; nil for keys of no known layout (left alone).
    static func partition(of key: String) -> (prefix: String, run: String)? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return nil }
        func value(_ part: String, _ name: String) -> String? {
            part.hasPrefix(name + "=") ? String(part.dropFirst(name.count + 1)) : nil
        }
        switch parts[0] {
        case "raw":
            guard parts.count == 4, value(parts[2], "ingest_date") != nil,
                  let sha = parts[3].split(separator: ".").first, sha.count == 64 else { return nil }
            return (key, String(sha))
        case "bronze":
            guard parts.count >= 4, let run = value(parts[2], "run") else { return nil }
            return (parts[0...2].joined(separator: "/"), run)
        case "silver":
            if parts[2] == "_quarantine" {
                guard parts.count >= 5, let run = value(parts[3], "run") else { return nil }
                return (parts[0...3].joined(separator: "/"), run)
            }
            guard parts.count >= 4, let run = value(parts[2], "version") else { return nil }
            return (parts[0...2].joined(separator: "/"), run)
        case "gold":
            guard parts.count >= 5, let run = value(parts[3], "version") else { return nil }
            return (parts[0...3].joined(separator: "/"), run)
        default:
            return nil
        }
    }
}
