import Foundation

extension DeltaTable {
    /// The files and schema of `version`, checked to be still on storage: what a restore of
    /// that version commits. Throws `DeltaError.filesGone` naming the missing files when
    /// vacuum removed them, so nothing is committed.
    public func restorable(version: Int64) async throws -> DeltaSnapshot {
        let snapshot = try await snapshot(at: version)
        var missing: [String] = []
        for file in snapshot.files where try await store.head(key: key + "/" + file.path) == nil {
            missing.append(file.path)
        }
        if !missing.isEmpty { throw DeltaError.filesGone(table: uri, version: version, missing: missing) }
        return snapshot
    }

    /// Commits a new version whose files are those of `version` (`RESTORE` in `commitInfo`).
    public func restore(version: Int64, runId: String, now: Date = Date()) async throws -> DeltaCommitResult {
        let snapshot = try await restorable(version: version)
        return try await commit(files: snapshot.files, schemaString: snapshot.metadata.schemaString,
                                operation: .restore(version: version), runId: runId, now: now)
    }
}
