import Foundation
import Lake

/// A Delta table in a lake: the data files under `key` and the log under `key/_delta_log/`.
/// Reads any version; `DeltaTable+Commit` writes new ones.
public struct DeltaTable: Sendable {
    public let store: any ObjectStore
    /// The table root's key: `silver/<dataset>` or `gold/<dataset>/<table>`.
    public let key: String

    /// Commits read side by side when replaying a log (an S3 log is latency-bound).
    static let readConcurrency = 8

    public init(store: any ObjectStore, key: String) throws {
        try ObjectKey.validate(key)
        self.store = store
        self.key = key
    }

    /// The table root's URI (`file:///…/silver/nsde`, `s3://bucket/prefix/silver/nsde`).
    public var uri: String { store.uri(for: key) }

    /// What `_delta_log/` holds: commit files by version, and checkpoint versions.
    struct Listing {
        var commits: [Int64: ObjectInfo] = [:]
        var checkpoints: [Int64: ObjectInfo] = [:]
        /// Set when only the versions from this checkpoint on were listed.
        var partialFrom: Int64?

        var latest: Int64? { commits.keys.max() }
    }

    /// Every commit and checkpoint.
    func listing() async throws -> Listing {
        var listing = Listing()
        try await add(prefix: DeltaLogPath.prefix(table: key), to: &listing)
        return listing
    }

    /// What `_delta_log/` holds from the newest checkpoint `_last_checkpoint` names on, when
    /// there is one and `wanted` (nil: the newest) is not older: the log is listed a block of
    /// 100 versions at a time (names share their first 18 digits) until a block is empty, so a
    /// table of 10,000 versions is not listed whole to be opened. Otherwise, or when the
    /// pointer is stale or broken, the whole log.
    func listing(from wanted: Int64?) async throws -> Listing {
        let pointerKey = DeltaLogPath.lastCheckpoint(table: key)
        guard let info = try? await store.head(key: pointerKey),
              let bytes = try? await store.get(key: pointerKey, range: 0..<info.size),
              let pointer = try? JSONDecoder().decode(DeltaCheckpoint.LastCheckpoint.self, from: Data(bytes)),
              pointer.version > 0, wanted.map({ $0 >= pointer.version }) ?? true else {
            return try await listing()
        }
        var partial = Listing()
        var block = pointer.version / 100
        while true {
            let before = partial.commits.count
            let name = DeltaLogPath.padded(block * 100)
            try await add(prefix: DeltaLogPath.prefix(table: key) + name.prefix(18), to: &partial)
            if partial.commits.count == before { break }
            block += 1
        }
        guard partial.checkpoints[pointer.version] != nil, partial.commits[pointer.version] != nil else {
            return try await listing()
        }
        partial.partialFrom = pointer.version
        return partial
    }

    private func add(prefix: String, to listing: inout Listing) async throws {
        let logPrefix = DeltaLogPath.prefix(table: key)
        for object in try await store.list(prefix: prefix) {
            let name = object.key.dropFirst(logPrefix.count)
            if let version = DeltaLogPath.commitVersion(ofName: name) {
                listing.commits[version] = object
            } else if let version = DeltaLogPath.checkpointVersion(ofName: name) {
                listing.checkpoints[version] = object
            }
        }
    }

    /// The newest committed version; nil when the table has no commit yet.
    public func latestVersion() async throws -> Int64? {
        try await listing(from: nil).latest
    }

    /// Every committed version, oldest first.
    public func versions() async throws -> [Int64] {
        try await listing().commits.keys.sorted()
    }

    /// The table as of `version` (the newest when nil).
    public func snapshot(at version: Int64? = nil) async throws -> DeltaSnapshot {
        try await snapshot(at: version, listing: listing(from: version))
    }

    func snapshot(at wanted: Int64?, listing given: Listing) async throws -> DeltaSnapshot {
        var listing = given
        guard let latest = listing.latest else { throw DeltaError.noTable(table: uri) }
        let version = wanted ?? latest
        guard version >= 0, version <= latest, listing.commits[version] != nil else {
            throw DeltaError.noSuchVersion(table: uri, version: version, latest: latest)
        }
        var state = DeltaReplay(table: uri)
        var start: Int64 = 0
        // Start from the newest checkpoint at or before the version when we can read it (ours);
        // any other, or a damaged one, costs only time: the commits are all there.
        if let checkpoint = listing.checkpoints.keys.filter({ $0 <= version }).max(), let info = listing.checkpoints[checkpoint],
           let bytes = try? await store.get(key: info.key, range: 0..<info.size),
           let restored = try? DeltaCheckpointReader.replay(bytes, table: uri) {
            state = restored
            start = checkpoint + 1
        } else if listing.partialFrom != nil {
            // No readable checkpoint: the replay starts at version 0, which needs every commit.
            listing = try await self.listing()
        }
        if start <= version {
            for missing in start...version where listing.commits[missing] == nil {
                throw DeltaError.corruptLog(table: uri, version: missing, reason: "the commit file is missing (the log has a gap)")
            }
            let commits = try await readCommits(Array(start...version), listing: listing)
            for (offset, lines) in commits.enumerated() {
                try state.apply(lines, version: start + Int64(offset))
            }
        }
        return try state.snapshot(version: version)
    }

    /// The actions of each of `versions`, in that order.
    func readCommits(_ versions: [Int64], listing: Listing) async throws -> [[DeltaLogLine]] {
        var results = [[DeltaLogLine]](repeating: [], count: versions.count)
        try await withThrowingTaskGroup(of: (Int, [DeltaLogLine]).self) { group in
            var next = 0
            func add(_ index: Int) {
                let version = versions[index]
                let info = listing.commits[version]
                group.addTask { [self] in (index, try await readCommit(version, size: info?.size)) }
            }
            while next < min(Self.readConcurrency, versions.count) { add(next); next += 1 }
            while let (index, lines) = try await group.next() {
                results[index] = lines
                if next < versions.count { add(next); next += 1 }
            }
        }
        return results
    }

    /// The actions of commit `version`.
    public func readCommit(_ version: Int64, size: Int64? = nil) async throws -> [DeltaLogLine] {
        let commitKey = DeltaLogPath.commit(table: key, version: version)
        let length: Int64
        if let size {
            length = size
        } else {
            guard let info = try await store.head(key: commitKey) else {
                throw DeltaError.corruptLog(table: uri, version: version, reason: "the commit file is missing")
            }
            length = info.size
        }
        let bytes = try await store.get(key: commitKey, range: 0..<length)
        do {
            return try DeltaLogCoding.decode(bytes)
        } catch {
            throw DeltaError.corruptLog(table: uri, version: version, reason: "\(error)")
        }
    }

    /// Each version with its provenance, oldest first.
    public func history() async throws -> [(version: Int64, commitInfo: DeltaCommitInfo?)] {
        let listing = try await listing()
        let versions = listing.commits.keys.sorted()
        let commits = try await readCommits(versions, listing: listing)
        return zip(versions, commits).map { version, lines in (version, lines.lazy.compactMap(\.commitInfo).first) }
    }
}
