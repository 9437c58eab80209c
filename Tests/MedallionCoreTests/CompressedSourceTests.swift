import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// gzip, zstd and zip sources are undone transparently, by magic bytes.
@Suite struct CompressedSourceTests {
    static let csv = "id,text\n" + (1...20_000).map { "\($0),\"row \($0), with comma\"" }.joined(separator: "\n") + "\n"

    private func expectPlain(_ file: URL, _ opts: SourceOptions = SourceOptions(format: .csv)) throws {
        let read = try readSource(file, opts)
        #expect(read.columns == ["id", "text"])
        #expect(read.rows.count == 20_000)
        #expect(read.rows.last == ["20000", "row 20000, with comma"])
    }

    @Test func gzipIncludingMultiMemberFiles() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("gz")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try writeFile(dir, "s.csv", Array(Self.csv.utf8))
        let made = try runPython("""
            import gzip, sys
            data = open(sys.argv[1], 'rb').read()
            half = data.index(b'\\n10000,')
            with open(sys.argv[2], 'wb') as f:
                f.write(gzip.compress(data[:half])); f.write(gzip.compress(data[half:]))
            """, [plain.path, dir.appendingPathComponent("s.csv.gz").path])
        #expect(made.status == 0, "\(made.stderr)")
        try expectPlain(dir.appendingPathComponent("s.csv.gz"))
    }

    @Test func zstdFromTheCommandLineTool() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("zst")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try writeFile(dir, "s.csv", Array(Self.csv.utf8))
        let result = try runProcess("/usr/bin/env", ["zstd", "-q", "-19", plain.path, "-o", dir.appendingPathComponent("s.csv.zst").path])
        #expect(result.status == 0, "\(result.stderr)")
        try expectPlain(dir.appendingPathComponent("s.csv.zst"))
    }

    @Test func zipMembersStoredOrDeflatedChosenByGlob() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("zip")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try writeFile(dir, "s.csv", Array(Self.csv.utf8))
        let made = try runPython("""
            import zipfile, sys
            data = open(sys.argv[1], 'rb').read()
            with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('docs/readme.txt', 'not data')
                z.writestr('data/nsde.csv', data)
            with zipfile.ZipFile(sys.argv[3], 'w', zipfile.ZIP_STORED) as z:
                z.writestr('only.csv', data)
            """, [plain.path, dir.appendingPathComponent("two.zip").path, dir.appendingPathComponent("one.zip").path])
        #expect(made.status == 0, "\(made.stderr)")
        try expectPlain(dir.appendingPathComponent("one.zip"))
        var chosen = SourceOptions(format: .csv)
        chosen.archiveMember = "*.csv"
        try expectPlain(dir.appendingPathComponent("two.zip"), chosen)
        let ambiguous = sourceFailure(dir.appendingPathComponent("two.zip"), SourceOptions(format: .csv))
        #expect(ambiguous.0?.kind == .memberNotFound)
        #expect(ambiguous.1.contains("archive_member"), "\(ambiguous.1)")
        chosen.archiveMember = "*.parquet"
        #expect(sourceFailure(dir.appendingPathComponent("two.zip"), chosen).1.contains("data/nsde.csv"))
    }

    @Test func truncatedOrCorruptCompressionIsAnError() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try writeFile(dir, "s.csv", Array(Self.csv.utf8))
        _ = try runPython("import gzip,sys; open(sys.argv[2],'wb').write(gzip.compress(open(sys.argv[1],'rb').read())[:5000])",
                          [plain.path, dir.appendingPathComponent("t.csv.gz").path])
        let truncated = sourceFailure(dir.appendingPathComponent("t.csv.gz"), SourceOptions(format: .csv))
        #expect(truncated.0?.kind == .corruptCompression || truncated.0?.kind == .unterminatedQuote, "\(truncated.1)")
        let garbage = try writeFile(dir, "g.csv.gz", [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0xAB, count: 64))
        #expect(sourceFailure(garbage, SourceOptions(format: .csv)).0?.kind == .corruptCompression)
        let zst = try writeFile(dir, "g.csv.zst", [0x28, 0xB5, 0x2F, 0xFD] + Array(repeating: 0x00, count: 64))
        #expect(sourceFailure(zst, SourceOptions(format: .csv)).0?.kind == .corruptCompression)
    }
}
