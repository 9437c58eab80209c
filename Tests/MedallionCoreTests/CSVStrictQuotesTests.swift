import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// RFC 4180: a quoted field ends at a delimiter, a line end or the end of the file. Text after
/// the closing quote (`"ab"c`) is an error naming the record, the line and the column — as in
/// Python's csv `strict` mode and DuckDB's strict reader — unless `source.csv.lenient`.
@Suite struct CSVStrictQuotesTests {
    private func read(_ text: String, lenient: Bool = false, header: Bool = true,
                      bufferSize: Int = 1 << 20) throws -> (columns: [String], rows: [[String?]]) {
        var options = SourceOptions(format: .csv)
        options.lenientQuotes = lenient
        options.header = header
        let reader = try CSVRecordReader(stream: MemoryByteStream(Array(text.utf8)), displayName: "q.csv",
                                         options: options, bufferSize: bufferSize)
        var rows: [[String?]] = []
        while try reader.nextRecord({ rows.append($0.strings) }) {}
        return (reader.columnNames, rows)
    }

    private func failure(_ text: String, header: Bool = true, bufferSize: Int = 1 << 20) -> SourceError? {
        do {
            _ = try read(text, header: header, bufferSize: bufferSize)
            return nil
        } catch {
            return error as? SourceError
        }
    }

    @Test func textAfterAClosingQuoteNamesRecordLineAndColumn() throws {
        let text = "id,name,note\n1,\"x\",\"y\"\n2,\"a\nb\",\"ab\"c\n"
        let error = try #require(failure(text))
        #expect(error.kind == .textAfterQuote)
        #expect(error.record == 2)
        #expect(error.line == 4)  // the record starts on line 3; the stray 'c' is on line 4
        #expect(error.column == "note")
        #expect(error.description.hasPrefix("q.csv, record 2 (line 4), column 'note': 'c' after the closing quote"), "\(error)")
        #expect(error.description.contains("source.csv.lenient"), "\(error)")
        // The same place however the buffer splits the input.
        for size in [4, 5, 7, 16] {
            let small = try #require(failure(text, bufferSize: size))
            #expect(small.kind == error.kind && small.record == 2 && small.line == 4 && small.column == "note", "buffer \(size)")
        }
    }

    @Test func spacesAfterAClosingQuoteAreTextToo() throws {
        // DuckDB trims them, Python's csv keeps them (`ab `): no reading is safe to guess.
        let error = try #require(failure("a,b\n\"ab\" ,d\n"))
        #expect(error.kind == .textAfterQuote && error.record == 1 && error.column == "a")
        #expect(error.description.contains("' ' after the closing quote"), "\(error)")
    }

    @Test func inTheHeaderTheColumnIsItsPosition() throws {
        let error = try #require(failure("id,\"na\"me\n1,2\n"))
        #expect(error.kind == .textAfterQuote)
        #expect(error.record == nil && error.line == 1 && error.column == "#2")
        #expect(error.description.contains("in the header"), "\(error)")
        // Without a header the first line is record 1.
        let headerless = try #require(failure("1,\"x\"y\n", header: false))
        #expect(headerless.record == 1 && headerless.column == "column_2")
    }

    @Test func wellFormedQuotingStillReads() throws {
        // Doubled quotes, quoted delimiters and line ends, a quote inside an unquoted field
        // (RFC 4180 does not allow it either, but Python's strict mode and DuckDB read it
        // literally), and every line end after a closing quote.
        let read = try read("a,b\n\"x\"\"y\",\"1,2\"\nab\"c,\"\"\r\n\"p\",\"q\r\nr\"\r\"s\",\"t\"")
        #expect(read.rows == [["x\"y", "1,2"], ["ab\"c", ""], ["p", "q\r\nr"], ["s", "t"]])
    }

    @Test func lenientKeepsTextAfterTheQuoteAsPythonDoes() throws {
        let read = try read("a,b\n\"ab\"c,\"x\" \n", lenient: true)
        #expect(read.rows == [["abc", "x "]])
    }

    /// Where DuckDB's strict reader rejects a closing quote followed by text, so do we; where
    /// it reads the file, we read the same values (cases without spaces around quotes, which
    /// DuckDB trims and we refuse).
    @Test func agreesWithDuckDBStrictMode() throws {
        let cases = [
            "a,b\n\"ab\"c,d\n",
            "a,b\n\"ab\"\"c\",d\n",
            "a,b\nab\"c,d\n",
            "a,b\n\"a\"\"\"x,d\n",
            "a,b\n1,\"x\"y\n",
            "a,b\n\"x,y\",\"z\"\n",
            "a,b\n\"x\ny\",2\n",
        ]
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-strict")
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for (index, text) in cases.enumerated() {
            files.append(try writeFile(dir, "c\(index).csv", Array(text.utf8)).path)
        }
        let duckdb = try runPython("""
            import duckdb, json, sys
            out = []
            for path in sys.argv[1:]:
                try:
                    rows = duckdb.connect().execute(
                        "select * from read_csv(?, header=true, all_varchar=true, delim=',', quote='\\"', escape='\\"', strict_mode=true)",
                        [path]).fetchall()
                    out.append([list(r) for r in rows])
                except duckdb.Error:
                    out.append(None)
            print(json.dumps(out))
            """, files)
        #expect(duckdb.status == 0, "\(duckdb.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(duckdb.stdout.utf8)) as? [Any])
        for (index, text) in cases.enumerated() {
            let ours = try? read(text)
            if let rows = expected[index] as? [[String]] {
                #expect(ours?.rows == rows.map { $0.map(Optional.some) }, "\(text.debugDescription)")
            } else {
                #expect(ours == nil, "\(text.debugDescription): DuckDB's strict reader rejects it")
                #expect(failure(text)?.kind == .textAfterQuote, "\(text.debugDescription)")
            }
        }
    }
}
