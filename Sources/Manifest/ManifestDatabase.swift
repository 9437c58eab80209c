import GRDB

/// The SQLite file holding manifests, runs and execution history.
///
/// Opened in WAL mode through a `DatabasePool`, so readers (`medallion manifest`,
/// `medallion runs`) keep working while a run writes.
public final class ManifestDatabase: Sendable {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try ManifestMigrations.migrator.migrate(pool)
        } catch {
            throw ManifestError.cannotOpen(path: path, reason: "\(error)")
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
