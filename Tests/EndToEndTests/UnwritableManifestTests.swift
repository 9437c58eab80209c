import Foundation
import Testing
import TestSupport

/// A run whose manifest directory is not writable fails at once (exit 2) naming that directory
/// and "Permission denied", not a missing lock file.
@Suite struct UnwritableManifestTests {
    @Test(.enabled(if: Unprivileged.available, "root ignores file modes and setpriv is missing"))
    func anUnwritableManifestDirectoryIsNamedWithPermissionDenied() throws {
        let ws = try PipelineWorkspace("unwritable")
        let locked = ws.root.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: ws.lake, withIntermediateDirectories: true)
        try ws.chmod(locked, 0o555)
        try ws.chmod(ws.lake, 0o777)
        defer { try? ws.chmod(locked, 0o755); ws.remove() }
        let run = try ws.medallionUnprivileged(["run", "providers", "--manifest", locked.appendingPathComponent("manifest.sqlite").path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("cannot create directory \(locked.path)/.locks: Permission denied"), "\(run.stderr)")
        #expect(run.stderr.contains("\(locked.path) is not writable"), "\(run.stderr)")
        #expect(!run.stderr.contains("No such file"), "\(run.stderr)")
    }
}
