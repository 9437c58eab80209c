import Foundation
import GRDB

/// The SQLite file holding manifests, runs and execution history.
///
/// Opened in WAL mode through a `DatabasePool`, so readers (`medallion manifest`,
/// `medallion runs`) keep working while a run writes.
public final class ManifestDatabase: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Set when opened read-only from a private copy (see `ManifestReadAccess.snapshot`);
    /// removed with the database.
    private let snapshotDirectory: URL?

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try Self.open(path: path, configuration: configuration)
        snapshotDirectory = nil
    }

    /// Opens an existing database at `path` for reading only: no migrations, no lock file, and
    /// nothing written, so inspection works on a read-only file in a read-only directory.
    public convenience init(readingPath path: String) throws {
        try self.init(readingPath: path, access: ManifestReadAccess.choose(path: path))
    }

    /// Opens a private copy of the database at `path` (and its log): reading leaves no trace
    /// beside it, not even the `-shm` index a read-only connection creates (`run --dry-run`).
    public convenience init(snapshotOf path: String) throws {
        try self.init(readingPath: path, access: .snapshot)
    }

    init(readingPath path: String, access: ManifestReadAccess) throws {
        self.path = path
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        var snapshot: URL?
        do {
            switch access {
            case .shared:
                pool = try Self.probed(DatabasePool(path: path, configuration: configuration))
            case .immutable:
                do {
                    pool = try Self.probed(DatabasePool(path: ManifestReadAccess.immutableURI(path: path), configuration: configuration))
                } catch {
                    (pool, snapshot) = try Self.openSnapshot(of: path, configuration: configuration)
                }
            case .snapshot:
                (pool, snapshot) = try Self.openSnapshot(of: path, configuration: configuration)
            }
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError.cannotOpen(path: path, reason: "\(error)")
        }
        snapshotDirectory = snapshot
    }

    deinit {
        if let snapshotDirectory { try? FileManager.default.removeItem(at: snapshotDirectory) }
    }

    /// Opening is lazy: a first read shows whether SQLite could open the file at all.
    private static func probed(_ pool: DatabasePool) throws -> DatabasePool {
        _ = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        return pool
    }

    /// Copies the file and its write-ahead log to a private directory and opens the copy, where
    /// SQLite can build the log's index.
    private static func openSnapshot(of path: String, configuration: Configuration) throws -> (DatabasePool, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-manifest-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let copy = directory.appendingPathComponent("manifest.sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy.path)
            if FileManager.default.fileExists(atPath: path + "-wal") {
                try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy.path + "-wal")
            }
            return (try probed(DatabasePool(path: copy.path, configuration: configuration)), directory)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw ManifestError.cannotOpen(path: path, reason: "reading a copy (the directory is read-only and holds a write-ahead log without its index): \(error)")
        }
    }

    /// Switching a new file to WAL takes an exclusive lock and SQLite answers SQLITE_BUSY at
    /// once (the busy timeout does not apply) when two runs create the manifest together, so
    /// opening retries for a while before giving up.
    private static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        // Runs of several datasets (threads or processes) open the same file at once: the
        // WAL switch and the migrations happen under one exclusive file lock.
        let lockPath = path + ".open-lock"
        let lockFD = Foundation.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if lockFD >= 0 { _ = flock(lockFD, LOCK_EX) }
        defer {
            if lockFD >= 0 {
                _ = flock(lockFD, LOCK_UN)
                close(lockFD)
            }
        }
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try ManifestMigrations.migrator.migrate(pool)
                return pool
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                attempt += 1
                if attempt >= 100 { throw ManifestError.cannotOpen(path: path, reason: "\(error)") }
                usleep(useconds_t(20_000 + Int.random(in: 0..<30_000)))
            } catch {
                throw ManifestError.cannotOpen(path: path, reason: "\(error)" + permissionProblem(path: path))
            }
        }
    }

    /// SQLite says only "unable to open database file"; name the permission that is missing.
    static func permissionProblem(path: String) -> String {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if access(path, F_OK) == 0, access(path, R_OK | W_OK) != 0 {
            return " (\(path): \(String(cString: strerror(errno))); commands that only read the manifest work on it read-only)"
        }
        if access(directory, W_OK | X_OK) != 0 {
            return " (\(directory): \(String(cString: strerror(errno))): the manifest's directory must be writable)"
        }
        return ""
    }

    /// Moves everything in the write-ahead log into the main file and empties the log, so the
    /// file alone holds every commit (before it is copied elsewhere, e.g. uploaded to S3).
    public func checkpoint() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch {
            throw ManifestError.databaseFailure(path: path, reason: "checkpoint: \(error)")
        }
    }

    /// The journal mode SQLite reports ("wal" once opened).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Names of the migrations applied so far, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try ManifestMigrations.migrator.appliedMigrations(db) }
    }
}
