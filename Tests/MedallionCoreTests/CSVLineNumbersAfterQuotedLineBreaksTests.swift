import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// Line breaks inside quoted fields count as lines whatever their style (LF, CRLF or a bare CR,
/// as outside quotes), so an error in a later record names the line an editor shows.
@Suite struct CSVLineNumbersAfterQuotedLineBreaksTests {
    @Test(arguments: ["\n", "\r\n", "\r"])
    func raggedRecordLineCountsQuotedLineBreaks(_ eol: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-lines")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Lines: 1 header, 2–4 record 1 (two breaks inside quotes), 5 record 2, 6 record 3 (ragged).
        let text = ["a,b", "\"x", "y", "z\",1", "2,3", "4,5,6", ""].joined(separator: eol)
        let file = try writeFile(dir, "lines.csv", Array(text.utf8))
        let (error, message) = sourceFailure(file, options(.csv))
        #expect(error?.kind == .raggedRecord, "\(message)")
        #expect(error?.record == 3)
        #expect(error?.line == 6, "\(message)")
    }

    @Test func mixedLineBreaksInsideAndOutsideQuotes() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-lines")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Lines: 1 header, 2–5 record 1 (CR, CRLF and LF inside quotes), 6 record 2, 7 blank, 8 record 3.
        let text = "a,b\r\n\"p\rq\r\nr\ns\",1\r2,3\n\r\n\"open,4\n"
        let file = try writeFile(dir, "mixed.csv", Array(text.utf8))
        let (error, message) = sourceFailure(file, options(.csv))
        #expect(error?.kind == .unterminatedQuote, "\(message)")
        #expect(error?.record == 3)
        #expect(error?.line == 8, "\(message)")
    }
}
