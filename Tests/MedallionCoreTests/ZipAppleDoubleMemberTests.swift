import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// A zip made by macOS Finder holds `__MACOSX/._name` resource-fork entries next to each file:
/// they are not members to choose from, so such a zip of one CSV needs no `archive_member`
/// and `*.csv` still picks the one real file.
@Suite struct ZipAppleDoubleMemberTests {
    @Test func resourceForkEntriesAreNotCandidates() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("zip-macos")
        defer { try? FileManager.default.removeItem(at: dir) }
        let zip = dir.appendingPathComponent("mac.zip")
        let made = try runPython("""
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('data/', '')
                z.writestr('data/rows.csv', 'id,v\\n1,a\\n')
                z.writestr('__MACOSX/', '')
                z.writestr('__MACOSX/data/._rows.csv', b'\\x00\\x05\\x16\\x07\\x00\\x02\\x00\\x00Mac OS X')
                z.writestr('data/._notes.csv', b'\\x00\\x05\\x16\\x07')
            """, [zip.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try readSource(zip, options(.csv)).rows == [["1", "a"]])
        #expect(try readSource(zip, options(.csv) { $0.archiveMember = "*.csv" }).rows == [["1", "a"]])
    }
}
