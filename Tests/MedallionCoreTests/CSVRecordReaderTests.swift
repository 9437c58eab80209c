import Foundation
import Testing
@testable import MedallionCore
import TestSupport

@Suite struct CSVRecordReaderTests {
    /// Tricky but valid CSV, each checked against Python's csv module (nulls compared as "") in
    /// `source.csv.lenient` mode; the default strict mode reads the same, but for text after a
    /// closing quote, which it refuses (CSVStrictQuotesTests).
    static let cases: [(String, String)] = [
        ("plain", "a,b,c\n1,2,3\n4,5,6\n"),
        ("no trailing newline", "a,b\n1,2\n3,4"),
        ("crlf", "a,b\r\n1,2\r\n3,4\r\n"),
        ("bare cr", "a,b\r1,2\r3,4\r"),
        ("quoted delimiter", "a,b\n\"x,y\",2\n"),
        ("doubled quotes", "a,b\n\"he said \"\"hi\"\"\",2\n"),
        ("embedded lf", "a,b\n\"line1\nline2\",2\n"),
        ("embedded crlf", "a,b\r\n\"line1\r\nline2\",2\r\n"),
        ("empty fields", "a,b,c\n,,\n\"\",,\"\"\n"),
        ("blank lines", "a,b\n\n1,2\n\n\n3,4\n"),
        ("unicode", "name,city\nJosé,Zürich\n李,東京\n😀,\"a😀b\"\n"),
        ("text after closing quote", "a,b\n\"ab\"cd,2\n"),
        ("quote inside unquoted", "a,b\nab\"cd,2\n"),
        ("spaces kept", "a,b\n  x , y \n"),
        ("only header", "a,b,c\n"),
        ("quoted header", "\"first name\",\"last,name\"\nA,B\n"),
    ]

    @Test(arguments: cases.indices) func agreesWithPythonCSV(_ index: Int) throws {
        let (name, text) = Self.cases[index]
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "input.csv", Array(text.utf8))
        let ours = try readSource(file, options(.csv) { $0.lenientQuotes = true })
        let strict = try? readSource(file, options(.csv))
        if name == "text after closing quote" {
            #expect(strict == nil, "strict mode read \(String(describing: strict))")
        } else {
            #expect(strict?.columns == ours.columns && strict?.rows == ours.rows, "case '\(name)' in strict mode")
        }
        let python = try runPython("""
            import csv, json, sys
            rows = [r for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')) if r]
            print(json.dumps(rows))
            """, [file.path])
        #expect(python.status == 0, "\(python.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[String]])
        let got = [ours.columns] + ours.rows.map { $0.map { $0 ?? "" } }
        #expect(got == expected, "case '\(name)'")
        #expect(ours.numbers == Array(1...max(1, ours.rows.count)).prefix(ours.rows.count).map { $0 })
    }

    @Test func unquotedEmptyIsNullAndQuotedEmptyIsEmptyString() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "n.csv", Array("a,b,c\n,\"\",x\n".utf8))
        let read = try readSource(file, options(.csv))
        #expect(read.rows == [[nil, "", "x"]])
    }

    @Test func byteOrderMarkIsNotPartOfTheFirstColumnName() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "bom.csv", [0xEF, 0xBB, 0xBF] + Array("id,name\n1,a\n".utf8))
        #expect(try readSource(file, options(.csv)).columns == ["id", "name"])
    }

    @Test func raggedRecordNamesTheRecordAndLine() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "ragged.csv", Array("a,b\n1,2\n\"multi\nline\",2\n3,4,5\n".utf8))
        let (error, text) = sourceFailure(file, options(.csv))
        #expect(error?.kind == .raggedRecord)
        #expect(error?.record == 3)
        #expect(error?.line == 5)
        #expect(text.contains("ragged.csv, record 3 (line 5)"), "\(text)")
        #expect(text.contains("expected 2 fields"), "\(text)")
    }

    @Test func unterminatedQuoteIsAnError() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "open.csv", Array("a,b\n1,2\n3,\"never closed\n4,5\n".utf8))
        let (error, text) = sourceFailure(file, options(.csv))
        #expect(error?.kind == .unterminatedQuote)
        #expect(error?.record == 2)
        #expect(error?.column == "b")
        #expect(text.contains("unterminated"), "\(text)")
    }

    @Test func invalidUTF8NamesTheColumn() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "latin1.csv", Array("id,city\n1,".utf8) + [0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68] + [0x0A])
        let (error, _) = sourceFailure(file, options(.csv))
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.record == 1)
        #expect(error?.column == "city")
    }

    @Test func tsvSemicolonAndHeaderlessSources() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tsv = try writeFile(dir, "t.tsv", Array("a\tb\nx,y\t2\n".utf8))
        #expect(try readSource(tsv, options(.tsv)).rows == [["x,y", "2"]])
        let semi = try writeFile(dir, "s.csv", Array("a;b\n'1;2';3\n".utf8))
        let read = try readSource(semi, options(.csv) { $0.delimiter = UInt8(ascii: ";"); $0.quote = UInt8(ascii: "'") })
        #expect(read.rows == [["1;2", "3"]])
        let headerless = try writeFile(dir, "h.csv", Array("1,2\n3,4\n".utf8))
        let plain = try readSource(headerless, options(.csv) { $0.header = false })
        #expect(plain.columns == ["column_1", "column_2"])
        #expect(plain.rows == [["1", "2"], ["3", "4"]])
        #expect(plain.numbers == [1, 2])
    }

    @Test func duplicateAndBlankHeaderNamesAreMadeUnique() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "d.csv", Array("id,id,,name\n1,2,3,4\n".utf8))
        #expect(try readSource(file, options(.csv)).columns == ["id", "id_1", "column_3", "name"])
    }

    @Test func emptyFileIsAnError() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "empty.csv", [])
        #expect(sourceFailure(file, options(.csv)).0?.kind == .noColumns)
    }

    /// Several MiB with quoted newlines and quotes straddling the reader's 1 MiB chunks.
    @Test func largeFileMatchesPythonAcrossChunkBoundaries() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("big.csv")
        let make = try runPython("""
            import csv, random, sys
            random.seed(7)
            with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:
                w = csv.writer(f, lineterminator='\\r\\n')
                w.writerow(['id', 'text', 'note', 'n'])
                for i in range(60000):
                    t = ''.join(random.choice('ab "\\n,é😀x') for _ in range(random.randint(0, 60)))
                    w.writerow([i, t, random.choice(['', 'plain', 'with,comma', 'quote"d']), random.random()])
            """, [file.path])
        #expect(make.status == 0, "\(make.stderr)")
        let python = try runPython("""
            import csv, hashlib, sys
            h = hashlib.sha256(); n = 0
            for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')):
                if not r: continue
                h.update(('\\x1f'.join(r) + '\\x1e').encode()); n += 1
            print(n, h.hexdigest())
            """, [file.path])
        // Our records in the same framing, hashed by Python too.
        let reader = try RecordReaders.open(path: file.path, displayName: "big.csv", options: options(.csv))
        var framed: [UInt8] = []
        func frame(_ fields: [String?]) {
            framed += Array(fields.map { $0 ?? "" }.joined(separator: "\u{1F}").utf8) + [0x1E]
        }
        frame(reader.columnNames)
        var count = 1
        while try reader.nextRecord({ frame($0.strings) }) { count += 1 }
        let ours = try writeFile(dir, "ours.bin", framed)
        let hashed = try runPython("import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", [ours.path])
        let expected = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(expected == "\(count) \(hashed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(count == 60_001)
    }

    /// A record far larger than the reader's 1 MiB buffer (the buffer grows), with doubled
    /// quotes undone in place and a small record either side.
    @Test func recordsLargerThanTheBufferAreReadWhole() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv")
        defer { try? FileManager.default.removeItem(at: dir) }
        let chunk = "ab\"\"c\nde,"  // in the file: ab""c<newline>de,  → ab"c<newline>de,
        let huge = String(repeating: chunk, count: 400_000)
        let text = "id,blob\n1,x\n2,\"\(huge)\"\n3,\"\"\n"
        let file = try writeFile(dir, "huge.csv", Array(text.utf8))
        let read = try readSource(file, options(.csv))
        #expect(read.rows.count == 3)
        #expect(read.rows[0] == ["1", "x"])
        let expected = String(repeating: "ab\"c\nde,", count: 400_000)
        #expect(read.rows[1][1]?.utf8.count == expected.utf8.count)
        #expect(read.rows[1][1] == expected)
        #expect(read.rows[2] == ["3", ""])
        #expect(read.numbers == [1, 2, 3])
    }
}
