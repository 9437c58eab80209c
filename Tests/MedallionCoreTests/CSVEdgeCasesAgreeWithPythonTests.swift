import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// More edge cases, each compared with Python's csv module (blank lines skipped, nulls compared
/// as ""): mixed line ends, trailing blank lines, quotes where RFC 4180 does not expect them,
/// BOMs and NULs inside fields, and other delimiters. `source.csv.lenient` reads as Python's
/// default does; our default (strict quotes) fails exactly where Python's `strict=True` does
/// and otherwise reads the same.
@Suite struct CSVEdgeCasesAgreeWithPythonTests {
    static let cases: [(name: String, delimiter: String, text: String)] = [
        ("mixed line ends", ",", "a,b\r\n1,2\n3,4\r5,6\r\n"),
        ("trailing blank lines", ",", "a,b\n1,2\n\n\n"),
        ("trailing blank crlf lines", ",", "a,b\r\n1,2\r\n\r\n\r\n"),
        ("last record quoted, no newline", ",", "a,b\n1,\"x\ny\""),
        ("last record empty quoted", ",", "a,b\n1,\"\""),
        ("last field empty, no newline", ",", "a,b\n1,"),
        ("whitespace around quoted fields", ",", "a,b,c\n \"x\" ,\"y\" , z\n"),
        ("text and quotes after a closing quote", ",", "a,b\n\"ab\"c\"d\",\"\"\"\"\n"),
        ("quote in the middle of unquoted fields", ",", "a,b\nab\"c,d\"\"e\n"),
        ("bom inside later fields", ",", "a,b\n\u{FEFF}x,y\u{FEFF}\n"),
        ("nul bytes", ",", "a,b\nx\u{0}y,\"\u{0}\"\n"),
        ("embedded crlf and cr in quotes", ",", "a,b\r\n\"1\r\n2\r3\",4\r\n"),
        ("header with trailing delimiter", ",", "a,b,\n1,2,\n3,4,\"\"\n"),
        ("quoted header names", ",", "\"a,1\",\"b\"\"2\",\"c\nd\"\n1,2,3\n"),
        ("semicolon", ";", "a;b\n\"1;2\";3,4\n"),
        ("pipe", "|", "a|b\n1|\"x|y\"\n|\n"),
        ("tab", "\t", "a\tb\n\"1\t2\"\t3\n"),
        ("single column with quoted empties", ",", "a\n\"\"\nx\n"),
    ]

    @Test(arguments: cases.indices, [false, true]) func agreesWithPythonCSV(_ index: Int, strict: Bool) throws {
        let (name, delimiter, text) = Self.cases[index]
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-edge")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "input.csv", Array(text.utf8))
        let mode = options(.csv) {
            $0.delimiter = delimiter.utf8.first ?? UInt8(ascii: ",")
            $0.lenientQuotes = !strict
        }
        let python = try runPython("""
            import csv, json, sys
            try:
                rows = [r for r in csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig'), delimiter=sys.argv[2],
                                              strict=sys.argv[3] == 'strict') if r]
            except csv.Error:
                rows = None
            print(json.dumps(rows))
            """, [file.path, delimiter, strict ? "strict" : "default"])
        #expect(python.status == 0, "\(python.stderr)")
        guard let expected = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8), options: .fragmentsAllowed) as? [[String]] else {
            #expect(sourceFailure(file, mode).0?.kind == .textAfterQuote, "case '\(name)': Python's strict mode fails")
            return
        }
        let ours = try readSource(file, mode)
        // Blank header names get generated ones; compare the records and the non-blank names.
        let header = zip(ours.columns, expected.first ?? []).map { $1.isEmpty ? "" : $0 }
        let got = [header] + ours.rows.map { $0.map { $0 ?? "" } }
        #expect(got == expected, "case '\(name)'")
    }
}
