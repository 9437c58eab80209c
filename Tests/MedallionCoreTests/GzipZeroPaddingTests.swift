import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// Zero bytes after a gzip member are padding (some tools write whole blocks): skipped, as
/// `gzip -d` and Python's gzip module skip them, also between members. Other trailing bytes
/// are still corrupt data.
@Suite struct GzipZeroPaddingTests {
    @Test func zeroPaddingAfterAndBetweenMembersIsIgnored() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("gzip-padding")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try writeFile(dir, "a.csv", Array("id,v\n1,a\n".utf8))
        let second = try writeFile(dir, "b.csv", Array("2,b\n".utf8))
        let made = try runPython("""
            import gzip, sys
            a, b, out = sys.argv[1:4]
            data = gzip.compress(open(a, 'rb').read()) + bytes(300_000) + gzip.compress(open(b, 'rb').read()) + bytes(512)
            open(out, 'wb').write(data)
            assert gzip.decompress(data) == open(a, 'rb').read() + open(b, 'rb').read()
            open(out + '.bad', 'wb').write(data + b'junk')
            """, [first.path, second.path, dir.appendingPathComponent("p.csv.gz").path])
        #expect(made.status == 0, "\(made.stderr)")
        let read = try readSource(dir.appendingPathComponent("p.csv.gz"), options(.csv))
        #expect(read.rows == [["1", "a"], ["2", "b"]])
        let bad = sourceFailure(dir.appendingPathComponent("p.csv.gz.bad"), options(.csv))
        #expect(bad.0?.kind == .corruptCompression, "\(bad.1)")
    }
}
