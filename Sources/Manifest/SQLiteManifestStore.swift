import Foundation
import GRDB

/// `ManifestStore` on the SQLite file of a `ManifestDatabase` (WAL: readers never wait for a run).
public final class SQLiteManifestStore: ManifestStore {
    public let database: ManifestDatabase
    private var pool: DatabasePool { database.pool }

    public init(database: ManifestDatabase) {
        self.database = database
    }

    /// Opens (creating parent directories and the file if needed) the manifest at `path`.
    public convenience init(path: String) throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ManifestError.cannotOpen(path: path, reason: "cannot create \(parent.path): \(error.localizedDescription)")
        }
        self.init(database: try ManifestDatabase(path: path))
    }

    /// Opens the existing manifest at `path` read-only (`ManifestDatabase.init(readingPath:)`):
    /// for commands that only inspect it. Writes through this store fail.
    public convenience init(readingPath path: String) throws {
        self.init(database: try ManifestDatabase(readingPath: path))
    }

    /// A read-only private copy of the manifest at `path`: nothing appears or changes beside it.
    public convenience init(snapshotOf path: String) throws {
        self.init(database: try ManifestDatabase(snapshotOf: path))
    }

    public func registerDataset(name: String, configPath: String) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO datasets(name, config_path, created_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET config_path = excluded.config_path
                """, arguments: [name, configPath, Timestamps.format(Date())])
        }
    }

    public func startRun(_ run: RunRecord) throws {
        try write { db in
            // Checked here rather than left to the UNIQUE constraint so the caller gets a typed
            // error (and can pick another name) instead of a SQLite message.
            if try Self.isTaken(run.executionName, db: db) || Self.isTaken(run.runId, db: db) {
                throw ManifestError.runExists(run.executionName)
            }
            try db.execute(sql: """
                INSERT INTO runs(execution_name, run_id, dataset, status, forced, source_url, source_sha256,
                                 started_at, finished_at, error, cause)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.executionName, run.runId, run.dataset, run.status.rawValue, run.forced,
                                 run.sourceURL, run.sourceSHA256, Timestamps.format(run.startedAt),
                                 run.finishedAt.map(Timestamps.format), run.error, run.cause])
        }
    }

    @discardableResult
    public func identifyRun(executionName: String, runId: String, sourceSHA256: String) throws -> String {
        try write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT run_id FROM runs WHERE execution_name = ?",
                                                    arguments: [executionName]) else {
                throw ManifestError.unknownRun(executionName)
            }
            // One write transaction: no other writer can take the id between check and update.
            let assigned = try RunIdAllocation.assign(wanted: runId, current: current) { candidate in
                try Self.isTaken(candidate, db: db, except: executionName)
            }
            try db.execute(sql: "UPDATE runs SET run_id = ?, source_sha256 = ? WHERE execution_name = ?",
                           arguments: [assigned, sourceSHA256, executionName])
            return assigned
        }
    }

    /// Whether `id` names a run other than `executionName`, as run id or execution name:
    /// `run(id:)` looks both up, so an id must be unique across both columns.
    private static func isTaken(_ id: String, db: Database, except executionName: String? = nil) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM runs WHERE (run_id = ? OR execution_name = ?) AND execution_name IS NOT ?)
            """, arguments: [id, id, executionName]) ?? false
    }

    public func finishRun(executionName: String, status: RunStatus, finishedAt: Date, error: String?, cause: String?) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, finished_at = ?, error = ?, cause = ?
                WHERE execution_name = ?
                """, arguments: [status.rawValue, Timestamps.format(finishedAt), error, cause, executionName])
            if db.changesCount == 0 { throw ManifestError.unknownRun(executionName) }
        }
    }

    public func reopenRun(executionName: String) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE runs SET status = ?, finished_at = NULL, error = NULL, cause = NULL
                WHERE execution_name = ? AND status IN (?, ?)
                """, arguments: [RunStatus.running.rawValue, executionName, RunStatus.failed.rawValue, RunStatus.interrupted.rawValue])
            if db.changesCount == 0 { throw ManifestError.unknownRun(executionName) }
        }
    }

    @discardableResult
    public func commitVersion(_ version: ManifestVersion, outputs: [OutputRecord], files: [SourceFileRecord],
                              executionName: String) throws -> Int {
        try durableWrite { db in
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM manifest_versions WHERE dataset = ?",
                                         arguments: [version.dataset]) ?? 0) + 1
            try db.execute(sql: """
                INSERT INTO manifest_versions(dataset, version, run_id, source_url, source_sha256, source_bytes,
                    source_etag, source_last_modified, raw_uri, pipeline_fingerprint, rows_json, outputs_json,
                    schema_json, quality_json, schema_changes_json, layers_json, tables_json, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [version.dataset, next, version.runId, version.sourceURL, version.sourceSHA256,
                                 version.sourceBytes, version.sourceETag, version.sourceLastModified, version.rawURI,
                                 version.pipelineFingerprint, try Self.json(version.rows), try Self.json(version.outputs),
                                 version.schemaJSON, version.qualityJSON, version.schemaChangesJSON,
                                 version.layersJSON, try Self.json(version.tableVersions), Timestamps.format(version.startedAt),
                                 Timestamps.format(version.finishedAt)])
            for output in outputs {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO outputs(run_id, layer, name, uri, rows, bytes, files)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [output.runId, output.layer, output.name, output.uri, output.rows,
                                     output.bytes, output.files])
            }
            for file in files {
                try db.execute(sql: """
                    INSERT INTO version_files(dataset, version, position, url, sha256, bytes, rows, raw_uri, error)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [version.dataset, next, file.position, file.url, file.sha256, file.bytes, file.rows,
                                     file.rawURI, file.error])
            }
            try db.execute(sql: """
                UPDATE runs SET status = 'succeeded', finished_at = ?, error = NULL, cause = NULL
                WHERE execution_name = ?
                """, arguments: [Timestamps.format(version.finishedAt), executionName])
            if db.changesCount == 0 { throw ManifestError.unknownRun(executionName) }
            return next
        }
    }

    public func files(dataset: String, version: Int) throws -> [SourceFileRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM version_files WHERE dataset = ? AND version = ? ORDER BY position",
                             arguments: [dataset, version]).map { row in
                SourceFileRecord(position: row["position"], url: row["url"], sha256: row["sha256"], bytes: row["bytes"],
                                 rows: row["rows"], rawURI: row["raw_uri"], error: row["error"])
            }
        }
    }

    public func run(id: String) throws -> RunRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE run_id = ? OR execution_name = ? LIMIT 1",
                             arguments: [id, id]).map(Self.runRecord)
        }
    }

    public func runs(dataset: String?, limit: Int) throws -> [RunRecord] {
        try read { db in
            if let dataset {
                return try Row.fetchAll(db, sql: """
                    SELECT * FROM runs WHERE dataset = ? ORDER BY started_at DESC, rowid DESC LIMIT ?
                    """, arguments: [dataset, limit]).map(Self.runRecord)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?",
                                    arguments: [limit]).map(Self.runRecord)
        }
    }

    public func latestVersion(dataset: String) throws -> ManifestVersion? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM manifest_versions WHERE dataset = ? ORDER BY version DESC LIMIT 1",
                             arguments: [dataset]).map(Self.manifestVersion)
        }
    }

    public func versions(dataset: String) throws -> [ManifestVersion] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM manifest_versions WHERE dataset = ? ORDER BY version DESC",
                             arguments: [dataset]).map(Self.manifestVersion)
        }
    }

    public func outputs(runId: String) throws -> [OutputRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outputs WHERE run_id = ? ORDER BY layer, name",
                             arguments: [runId]).map { row in
                OutputRecord(runId: row["run_id"], layer: row["layer"], name: row["name"], uri: row["uri"],
                             rows: row["rows"], bytes: row["bytes"], files: row["files"])
            }
        }
    }

    public func appendEvents(_ events: [ExecutionEventRecord]) throws {
        guard !events.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO execution_events(execution_name, event_id, previous_event_id, type,
                    timestamp, state_name, details_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for event in events {
                try statement.execute(arguments: [event.executionName, event.eventId, event.previousEventId,
                                                  event.type, Timestamps.format(event.timestamp), event.stateName,
                                                  event.detailsJSON])
            }
        }
    }

    public func events(executionName: String) throws -> [ExecutionEventRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM execution_events WHERE execution_name = ? ORDER BY event_id",
                             arguments: [executionName]).map { row in
                ExecutionEventRecord(executionName: row["execution_name"], eventId: row["event_id"],
                                     previousEventId: row["previous_event_id"], type: row["type"],
                                     timestamp: Timestamps.parse(row["timestamp"]) ?? Date(timeIntervalSince1970: 0),
                                     stateName: row["state_name"], detailsJSON: row["details_json"])
            }
        }
    }

    public func markVacuumed(dataset: String, versions: [Int], at date: Date) throws {
        try durableWrite { db in
            for version in versions {
                try db.execute(sql: "UPDATE manifest_versions SET vacuumed_at = ? WHERE dataset = ? AND version = ?",
                               arguments: [Timestamps.format(date), dataset, version])
            }
        }
    }

    public func datasets() throws -> [DatasetSummary] {
        let rows = try read { db in try Row.fetchAll(db, sql: "SELECT name, config_path FROM datasets ORDER BY name") }
        return try rows.map { row in
            let name: String = row["name"]
            return DatasetSummary(name: name, configPath: row["config_path"],
                                  lastRun: try runs(dataset: name, limit: 1).first,
                                  currentVersion: try latestVersion(dataset: name))
        }
    }

    // MARK: Mapping

    private static func runRecord(_ row: Row) -> RunRecord {
        let started: String = row["started_at"]
        let finished: String? = row["finished_at"]
        return RunRecord(executionName: row["execution_name"], runId: row["run_id"], dataset: row["dataset"],
                         status: RunStatus(rawValue: row["status"]) ?? .failed, forced: row["forced"],
                         sourceURL: row["source_url"], sourceSHA256: row["source_sha256"],
                         startedAt: Timestamps.parse(started) ?? Date(timeIntervalSince1970: 0),
                         finishedAt: finished.flatMap(Timestamps.parse), error: row["error"], cause: row["cause"])
    }

    private static func manifestVersion(_ row: Row) -> ManifestVersion {
        let rowsJSON: String = row["rows_json"]
        let outputsJSON: String = row["outputs_json"]
        let started: String = row["started_at"]
        let finished: String = row["finished_at"]
        let tablesJSON: String? = row["tables_json"]
        let vacuumed: String? = row["vacuumed_at"]
        return ManifestVersion(
            dataset: row["dataset"], version: row["version"], runId: row["run_id"], sourceURL: row["source_url"],
            sourceSHA256: row["source_sha256"], sourceBytes: row["source_bytes"], sourceETag: row["source_etag"],
            sourceLastModified: row["source_last_modified"], rawURI: row["raw_uri"],
            pipelineFingerprint: row["pipeline_fingerprint"],
            rows: (try? JSONDecoder().decode([String: Int64].self, from: Data(rowsJSON.utf8))) ?? [:],
            outputs: (try? JSONDecoder().decode([String: String].self, from: Data(outputsJSON.utf8))) ?? [:],
            schemaJSON: row["schema_json"], qualityJSON: row["quality_json"], schemaChangesJSON: row["schema_changes_json"],
            layersJSON: row["layers_json"],
            tableVersions: tablesJSON.flatMap { try? JSONDecoder().decode([String: Int64].self, from: Data($0.utf8)) } ?? [:],
            vacuumedAt: vacuumed.flatMap(Timestamps.parse), startedAt: Timestamps.parse(started) ?? Date(timeIntervalSince1970: 0),
            finishedAt: Timestamps.parse(finished) ?? Date(timeIntervalSince1970: 0))
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: Access

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError.databaseFailure(path: database.path, reason: "\(error)")
        }
    }

    /// A write whose commit reaches the disk before it returns (`synchronous = FULL` for this
    /// transaction): the manifest commit is the publish point, so it must survive a power loss.
    /// Other writes (events, run status) keep WAL's cheaper `NORMAL`, which can lose the last
    /// transactions on power loss but never corrupts the database.
    private func durableWrite<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw ManifestError.databaseFailure(path: database.path, reason: "transaction produced no result") }
                return result
            }
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError.databaseFailure(path: database.path, reason: "\(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw ManifestError.databaseFailure(path: database.path, reason: "\(error)")
        }
    }
}
