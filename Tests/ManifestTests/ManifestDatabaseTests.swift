import Foundation
import GRDB
import Testing
import TestSupport
@testable import Manifest

@Suite struct ManifestDatabaseTests {
    @Test func opensInWALModeMigratesAndReadsBack() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("manifest")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("manifest.sqlite").path

        let database = try ManifestDatabase(path: path)
        #expect(try database.journalMode() == "wal")
        #expect(try database.appliedMigrations() == ["v1_initial"])
        try database.pool.write { db in
            try db.execute(sql: "INSERT INTO datasets(name, config_path, created_at) VALUES (?, ?, ?)",
                           arguments: ["nsde", "datasets/nsde.json", "2026-11-24T00:00:00Z"])
        }

        // A second connection to the same file sees the committed row and re-migrates nothing.
        let reopened = try ManifestDatabase(path: path)
        let names = try reopened.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM datasets") }
        #expect(names == ["nsde"])
        #expect(try reopened.appliedMigrations() == ["v1_initial"])
    }

    @Test func unwritableLocationIsANamedError() {
        #expect(throws: ManifestError.self) { try ManifestDatabase(path: "/proc/medallion/manifest.sqlite") }
    }
}
