import Foundation
import Testing
import TestSupport
@testable import MedallionCore

/// A lock that cannot be taken says why: the directory that could not be made and the system's
/// reason, not the "No such file or directory" of opening a file in it afterwards.
@Suite struct DatasetLockTests {
    private func reason(_ manifestPath: String) -> String? {
        do {
            _ = try DatasetLock(dataset: "nsde", manifestPath: manifestPath)
            return nil
        } catch let error as PipelineError {
            guard case .lockUnavailable = error else { return "unexpected \(error)" }
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    /// sysfs refuses new directories even to root, so this runs everywhere Linux does.
    #if os(Linux)
    @Test func aDirectoryTheLockCannotBeMadeInIsNamedWithItsReason() throws {
        let message = try #require(reason("/sys/medallion-lock-test/manifest.sqlite"))
        #expect(message.contains("cannot create directory /sys/medallion-lock-test: Operation not permitted"), "\(message)")
        #expect(message.contains("/sys is not writable"), "\(message)")
        #expect(!message.contains("No such file"), "\(message)")
    }
    #endif

    @Test(.enabled(if: geteuid() != 0, "root ignores directory permissions (EndToEnd's UnwritableManifestTests runs it as nobody)"))
    func anUnwritableManifestDirectoryReportsPermissionDenied() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("lock")
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
            try? FileManager.default.removeItem(at: dir)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        let message = try #require(reason(dir.appendingPathComponent("manifest.sqlite").path))
        #expect(message.contains("cannot create directory \(dir.path)/.locks: Permission denied"), "\(message)")
        #expect(message.contains("\(dir.path) is not writable"), "\(message)")
    }

    @Test func missingParentsAreCreatedAndALockIsExclusive() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = dir.appendingPathComponent("a/b/manifest.sqlite").path
        let lock = try DatasetLock(dataset: "nsde", manifestPath: manifest)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a/b/.locks/nsde.lock").path))
        #expect(throws: PipelineError.datasetBusy("nsde")) { try DatasetLock(dataset: "nsde", manifestPath: manifest) }
        withExtendedLifetime(lock) {}
    }
}
