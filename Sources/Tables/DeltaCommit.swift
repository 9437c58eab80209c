import Foundation
import Lake

/// The outcome of a commit.
public struct DeltaCommitResult: Sendable, Equatable {
    /// The version that now holds the wanted files.
    public var version: Int64
    /// Versions other writers took first (each one re-read and written on top of).
    public var conflicts: Int
    /// True when the newest version already held exactly these files (a resumed run committing
    /// again, a layer reused unchanged), so nothing was written.
    public var alreadyCommitted: Bool
}

extension DeltaTable {
    /// Engine name in `commitInfo.engineInfo`.
    static let engineInfo = "medallion"

    /// Commits a new version whose data files are exactly `files` (an overwrite): `add` for
    /// each, `remove` for every file of the version it replaces, `metaData` when the table is
    /// new or its schema changed, `commitInfo` naming `runId`.
    ///
    /// Call only after every file in `files` is complete. The commit is create-if-absent
    /// (`ObjectStore.putIfAbsent`): when another writer took the version first, the log is read
    /// again and the commit is rebuilt on top of that writer's version, up to `maxAttempts` times;
    /// then `DeltaError.commitConflict`. When the newest version already holds exactly these files
    /// it is returned as it is, so a resumed run commits once.
    ///
    /// `beforeWrite` runs after the commit is built and before it is written, with the version
    /// it will try (the race tests hold one writer there while another commits).
    public func commit(files: [DeltaAddFile], schema: DeltaSchema, operation: DeltaOperation, runId: String,
                       now: Date = Date(), maxAttempts: Int = 10,
                       beforeWrite: @Sendable (Int64) async -> Void = { _ in }) async throws -> DeltaCommitResult {
        try await commit(files: files, schemaString: schema.schemaString, operation: operation, runId: runId, now: now,
                         maxAttempts: maxAttempts, beforeWrite: beforeWrite)
    }

    /// `commit(files:schema:…)` with the schema as Delta JSON text, as an earlier version's
    /// `metaData` holds it (a restore).
    public func commit(files: [DeltaAddFile], schemaString: String, operation: DeltaOperation, runId: String,
                       now: Date = Date(), maxAttempts: Int = 10,
                       beforeWrite: @Sendable (Int64) async -> Void = { _ in }) async throws -> DeltaCommitResult {
        let timestamp = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let wanted = Set(files.map(\.path))
        var conflicts = 0
        var version: Int64 = 0
        for _ in 0..<max(1, maxAttempts) {
            let listing = try await listing(from: nil)
            var current: DeltaSnapshot?
            if let latest = listing.latest { current = try await snapshot(at: latest, listing: listing) }
            // Already the table's content (a resumed run committing again, a reused layer): a
            // version changing nothing would only lengthen the log.
            if let current, Set(current.files.map(\.path)) == wanted, current.metadata.schemaString == schemaString {
                return DeltaCommitResult(version: current.version, conflicts: conflicts, alreadyCommitted: true)
            }
            version = (current?.version ?? -1) + 1
            let lines = actions(files: files, schemaString: schemaString, replacing: current, operation: operation, runId: runId,
                                timestamp: timestamp)
            let bytes = try DeltaLogCoding.encode(lines)
            let commitKey = DeltaLogPath.commit(table: key, version: version)
            await beforeWrite(version)
            if try await store.putIfAbsent(key: commitKey, bytes: bytes) {
                await checkpointIfDue(version: version, after: current, lines: lines)
                return DeltaCommitResult(version: version, conflicts: conflicts, alreadyCommitted: false)
            }
            // A PUT retried after a lost response finds its own bytes: that is a win, not a conflict.
            if let existing = try await store.head(key: commitKey), existing.size == Int64(bytes.count),
               try await store.get(key: commitKey, range: 0..<existing.size) == bytes {
                return DeltaCommitResult(version: version, conflicts: conflicts, alreadyCommitted: false)
            }
            conflicts += 1
        }
        throw DeltaError.commitConflict(table: uri, version: version, attempts: conflicts)
    }

    /// Every `DeltaCheckpoint.interval` versions, a checkpoint of the version just committed.
    /// A failed checkpoint leaves the table as valid as before (readers replay the commits), so
    /// it does not fail the commit; the next due version writes one again.
    func checkpointIfDue(version: Int64, after current: DeltaSnapshot?, lines: [DeltaLogLine]) async {
        guard version > 0, version % DeltaCheckpoint.interval == 0 else { return }
        var state = current.map { DeltaReplay(table: uri, snapshot: $0) } ?? DeltaReplay(table: uri)
        guard (try? state.apply(lines, version: version)) != nil, let snapshot = try? state.snapshot(version: version) else { return }
        try? await DeltaCheckpoint.write(snapshot, table: self)
    }

    func actions(files: [DeltaAddFile], schemaString: String, replacing current: DeltaSnapshot?, operation: DeltaOperation,
                 runId: String, timestamp: Int64) -> [DeltaLogLine] {
        var lines: [DeltaLogLine] = []
        lines.append(DeltaLogLine(commitInfo: DeltaCommitInfo(
            timestamp: timestamp, operation: operation.name, operationParameters: operation.parameters,
            readVersion: current?.version, engineInfo: Self.engineInfo, runId: runId)))
        if current == nil {
            lines.append(DeltaLogLine(protocolAction: DeltaProtocolAction()))
        }
        if current?.metadata.schemaString != schemaString {
            let name = key.split(separator: "/").joined(separator: "_")
            lines.append(DeltaLogLine(metaData: DeltaMetadata(
                id: current?.metadata.id ?? UUID().uuidString.lowercased(), name: name, schemaString: schemaString,
                createdTime: current?.metadata.createdTime ?? timestamp)))
        }
        let wanted = Set(files.map(\.path))
        for old in current?.files ?? [] where !wanted.contains(old.path) {
            lines.append(DeltaLogLine(remove: DeltaRemoveFile(removing: old, at: timestamp)))
        }
        let kept = Set(current?.files.map(\.path) ?? [])
        for file in files where !kept.contains(file.path) {
            lines.append(DeltaLogLine(add: file))
        }
        return lines
    }
}
