import Foundation
import GRDB
import Testing
import TestSupport
@testable import Manifest

@Suite struct ManifestDatabaseTests {
    /// `run --all` opens one fresh manifest from several datasets at once: the WAL switch and
    /// the migrations must not race (they did: "database is locked", "table already exists").
    @Test func manyConcurrentFirstOpensAllSucceed() throws {
        for round in 0..<5 {
            let dir = try TestEnvironment.makeTemporaryDirectory("manifest-race-\(round)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("manifest.sqlite").path
            let failures = NSLock()
            nonisolated(unsafe) var errors: [String] = []
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    _ = try ManifestDatabase(path: path)
                } catch {
                    failures.lock()
                    errors.append("\(error)")
                    failures.unlock()
                }
            }
            #expect(errors.isEmpty, "\(errors)")
            #expect(try ManifestDatabase(path: path).appliedMigrations() == ["v1_initial", "v2_silver_quality", "v3_layers", "v4_interrupted_runs", "v5_delta_tables", "v6_version_files"])
        }
    }

    @Test func opensInWALModeMigratesAndReadsBack() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("manifest")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("manifest.sqlite").path

        let database = try ManifestDatabase(path: path)
        #expect(try database.journalMode() == "wal")
        #expect(try database.appliedMigrations() == ["v1_initial", "v2_silver_quality", "v3_layers", "v4_interrupted_runs", "v5_delta_tables", "v6_version_files"])
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO datasets(name, config_path, created_at) VALUES (?, ?, ?)",
                           arguments: ["nsde", "datasets/nsde.json", "2026-11-24T00:00:00Z"])
        }

        // A second connection to the same file sees the committed row and re-migrates nothing.
        let reopened = try ManifestDatabase(path: path)
        let names = try reopened.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM datasets") }
        #expect(names == ["nsde"])
        #expect(try reopened.appliedMigrations() == ["v1_initial", "v2_silver_quality", "v3_layers", "v4_interrupted_runs", "v5_delta_tables", "v6_version_files"])
    }

    @Test func unwritableLocationIsANamedError() {
        #expect(throws: ManifestError.self) { try ManifestDatabase(path: "/proc/medallion/manifest.sqlite") }
    }
}
