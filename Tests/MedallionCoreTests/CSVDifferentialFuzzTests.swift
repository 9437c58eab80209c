import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// Random small CSVs built from the characters that matter (delimiters, quotes, CR, LF, spaces,
/// non-ASCII, a leading BOM), read by our reader and by Python's csv module — our default
/// (strict quotes) against Python's `strict=True`, and `source.csv.lenient` against Python's
/// default: where Python reads records of the header's width, the fields must agree exactly
/// (nulls as ""); where Python fails or finds ragged records, ours must fail too. One
/// deliberate difference in lenient mode: a file that ends inside a quoted field is an error
/// for us (as for DuckDB, pyarrow and Python's `strict` mode), where Python's default returns
/// the rest of the file as that field.
@Suite struct CSVDifferentialFuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private func readSmall(_ url: URL, _ options: SourceOptions, bufferSize: Int) throws -> [[String?]] {
        let stream = try FileByteStream(path: url.path, displayName: url.lastPathComponent)
        let reader = try CSVRecordReader(stream: stream, displayName: url.lastPathComponent,
                                         options: options, bufferSize: bufferSize)
        var rows: [[String?]] = []
        while try reader.nextRecord({ rows.append($0.strings) }) {}
        return rows
    }

    @Test func agreesWithPythonOnRandomInputs() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-fuzz")
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = Generator(state: 20261125)
        let alphabet = ["a", "b", "c", ",", "\"", "\n", "\r\n", "\r", " ", "é", "\u{FEFF}", "x\"y", "\"\"", "\",\"", "\"\r\n\""]
        let count = 1000
        var files: [String] = []
        for index in 0..<count {
            var text = random.next(8) == 0 ? "\u{FEFF}" : ""
            text += ["h1,h2\n", "h1\r\n", "h1\n", "h1\r", "\"h,1\",h2\r", "h1,\n"][random.next(6)]
            for _ in 0..<random.next(24) { text += alphabet[random.next(alphabet.count)] }
            let url = try writeFile(dir, "f\(index).csv", Array(text.utf8))
            files.append(url.path)
        }
        let python = try runPython("""
            import csv, json, sys
            def ends_inside_quotes(text):
                # Python's csv (strict=False) returns an unterminated quoted field at the end
                # of the input as it stands; we report it (as DuckDB and pyarrow do).
                state = 'start'
                for c in text:
                    if state == 'start':
                        state = 'quoted' if c == '"' else 'start' if c in ',\\r\\n' else 'field'
                    elif state == 'field':
                        state = 'start' if c in ',\\r\\n' else 'field'
                    elif state == 'quoted':
                        state = 'quote' if c == '"' else 'quoted'
                    else:
                        state = 'quoted' if c == '"' else 'start' if c in ',\\r\\n' else 'field'
                return state == 'quoted'
            def read(path, strict):
                try:
                    if not strict and ends_inside_quotes(open(path, newline='', encoding='utf-8-sig').read()):
                        return None
                    rows = [r for r in csv.reader(open(path, newline='', encoding='utf-8-sig'), strict=strict) if r]
                    return rows if rows and all(len(r) == len(rows[0]) for r in rows) else None
                except csv.Error:
                    return None
            print(json.dumps([[read(path, False), read(path, True)] for path in sys.argv[1:]]))
            """, files)
        #expect(python.status == 0, "\(python.stderr)")
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [[Any]])
        var compared = [false: 0, true: 0]
        var disagreements = 0  // inputs the two modes read differently
        for (index, path) in files.enumerated() {
            let url = URL(fileURLWithPath: path)
            let input = String(decoding: try Data(contentsOf: url), as: UTF8.self).debugDescription
            if (expected[index][0] as? [[String]]) != (expected[index][1] as? [[String]]) { disagreements += 1 }
            for strict in [false, true] {
                let mode = options(.csv) { $0.lenientQuotes = !strict }
                if let rows = expected[index][strict ? 1 : 0] as? [[String]] {
                    let ours = try? readSource(url, mode)
                    let got = ours.map { read in
                        [zip(read.columns, rows[0]).map { $1.isEmpty ? "" : $0 }] + read.rows.map { $0.map { $0 ?? "" } }
                    }
                    #expect(got == rows, "input \(input), strict \(strict)")
                    compared[strict, default: 0] += 1
                    // The same through tiny buffers: every record crosses refills, moves and growth.
                    for size in [4, 5, 7] {
                        #expect(try readSmall(url, mode, bufferSize: size) == ours?.rows, "input \(input), strict \(strict), buffer \(size)")
                    }
                } else {
                    let failure = sourceFailure(url, mode).0
                    #expect(failure != nil, "input \(input), strict \(strict): Python fails or is ragged")
                    // Tiny buffers fail at the same place.
                    for size in [4, 5, 7] {
                        var small: SourceError?
                        do { _ = try readSmall(url, mode, bufferSize: size) } catch let error as SourceError { small = error }
                        #expect(small?.kind == failure?.kind && small?.record == failure?.record && small?.line == failure?.line
                                    && small?.column == failure?.column,
                                "input \(input), strict \(strict), buffer \(size): \(String(describing: small)) vs \(String(describing: failure))")
                    }
                }
            }
        }
        for strict in [false, true] {
            #expect(compared[strict, default: 0] > count / 10, "strict \(strict): only \(compared[strict, default: 0]) of \(count) inputs compared")
        }
        // The inputs do tell the modes apart.
        #expect(disagreements > count / 40, "only \(disagreements) inputs read differently in the two modes")
    }
}
