import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// JSON errors name the line an editor shows: lines end at LF, CRLF or a bare CR.
@Suite struct JSONLineNumbersTests {
    @Test(arguments: ["\n", "\r\n", "\r"])
    func errorLineCountsEveryLineEndStyle(_ eol: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-lines")
        defer { try? FileManager.default.removeItem(at: dir) }
        let ndjson = ["{\"a\": 1}", "", "{\"a\": 2}", "{\"a\": tru}", ""].joined(separator: eol)
        let file = try writeFile(dir, "l.ndjson", Array(ndjson.utf8))
        let (error, message) = sourceFailure(file, options(.ndjson))
        #expect(error?.record == 3 && error?.line == 4, "\(message)")
        let json = ["[", "  {\"a\": 1},", "  {\"a\":", "   2,}", "]"].joined(separator: eol)
        let array = try writeFile(dir, "l.json", Array(json.utf8))
        let (arrayError, arrayMessage) = sourceFailure(array, options(.json))
        #expect(arrayError?.record == 2 && arrayError?.line == 4, "\(arrayMessage)")
    }
}
