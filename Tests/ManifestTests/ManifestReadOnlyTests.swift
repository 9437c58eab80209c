import Foundation
import GRDB
import Testing
import TestSupport
@testable import Manifest

/// Inspection opens the manifest read-only: no migration, no lock file, no writes, and every
/// committed row visible whichever way SQLite has to be asked (see `ManifestReadAccess`).
@Suite struct ManifestReadOnlyTests {
    private func makeManifest() throws -> (URL, String) {
        let dir = try TestEnvironment.makeTemporaryDirectory("manifest-read")
        let path = dir.appendingPathComponent("manifest.sqlite").path
        try SQLiteManifestStore(path: path).registerDataset(name: "nsde", configPath: "datasets/nsde.json")
        try FileManager.default.removeItem(atPath: path + ".open-lock")
        return (dir, path)
    }

    private func names(_ database: ManifestDatabase) throws -> [String] {
        try database.pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM datasets ORDER BY name") }
    }

    @Test(arguments: [ManifestReadAccess.shared, .immutable, .snapshot])
    func everyAccessReadsAndNoneWrites(_ access: ManifestReadAccess) throws {
        let (dir, path) = try makeManifest()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try ManifestDatabase(readingPath: path, access: access)
        #expect(try names(database) == ["nsde"])
        #expect(throws: (any Error).self) {
            try database.pool.write { db in try db.execute(sql: "DELETE FROM datasets") }
        }
        let store = SQLiteManifestStore(database: database)
        #expect(throws: ManifestError.self) { try store.registerDataset(name: "other", configPath: "x") }
        #expect(!FileManager.default.fileExists(atPath: path + ".open-lock"))
    }

    /// A writer died with a commit only in its log: the shared and snapshot readers see it, an
    /// immutable one would not, which is why it is chosen only when there is no log.
    @Test func aCommitOnlyInTheLogIsSeenWhereItCanBe() throws {
        let (dir, path) = try makeManifest()
        defer { try? FileManager.default.removeItem(at: dir) }
        let crash = try runPython("""
            import os, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("PRAGMA wal_autocheckpoint = 0")
            db.execute("INSERT INTO datasets(name, config_path, created_at) VALUES ('logged', 'x', 'now')")
            db.commit()
            os._exit(0)
            """, [path])
        #expect(crash.status == 0, "\(crash.stderr)")
        #expect(try names(ManifestDatabase(readingPath: path, access: .shared)) == ["logged", "nsde"])
        #expect(try names(ManifestDatabase(readingPath: path, access: .snapshot)) == ["logged", "nsde"])
        try FileManager.default.removeItem(atPath: path + "-shm")
        #expect(try names(ManifestDatabase(readingPath: path, access: .snapshot)) == ["logged", "nsde"])
        #expect(try names(ManifestDatabase(readingPath: path, access: .immutable)) == ["nsde"])
    }

    @Test func aMissingManifestIsANamedErrorAndNotCreated() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("manifest-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("manifest.sqlite").path
        #expect(throws: ManifestError.self) { try ManifestDatabase(readingPath: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func immutableURIsEscapeWhatURIsReserve() {
        #expect(ManifestReadAccess.immutableURI(path: "/a b/#1?x%/m.sqlite") == "file:/a%20b/%231%3Fx%25/m.sqlite?immutable=1")
    }
}
