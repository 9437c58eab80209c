import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// An error inside a value (a bad escape, an unpaired UTF-16 surrogate, a malformed number)
/// names the column as well as the record and line. Unpaired surrogates are rejected: they
/// have no UTF-8 form (RFC 8259 §8.2), and replacing them would silently change the data.
@Suite struct JSONValueErrorsNameTheColumnTests {
    @Test(arguments: [
        #"{"id": 1, "text": "a\ud800b"}"#,
        #"{"id": 1, "text": "a\udc00"}"#,
        #"{"id": 1, "text": "\ud83d\u0041"}"#,
        #"{"id": 1, "text": "bad \q escape"}"#,
        #"{"id": 1, "text": 1.e5}"#,
        #"{"id": 1, "text": [1, 2,]}"#,
        #"{"id": 1, "text": {"nested": "bad \q escape"}}"#,
        #"{"id": 1, "text": ["\u12G4"]}"#,
        #"{"id": 1, "text": {"nested": ["\ud800"]}}"#,
        #"{"id": 1, "text": {"nested": "\udc00\ud800"}}"#,
    ])
    func valueErrorNamesTheColumn(_ line: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-column")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "v.ndjson", Array("{\"id\": 0, \"text\": \"ok\"}\n\(line)\n".utf8))
        let (error, message) = sourceFailure(file, options(.ndjson))
        #expect(error?.kind == .invalidJSON, "\(message)")
        #expect(error?.record == 2, "\(message)")
        #expect(error?.line == 2, "\(message)")
        #expect(error?.column == "text", "\(message)")
    }

    @Test func surrogatePairsDecode() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-column")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "p.ndjson", Array(#"{"t": "\ud83d\ude00 \u00e9\/\u0000"}"#.utf8))
        #expect(try readSource(file, options(.ndjson)).rows == [["😀 é/\u{0}"]])
    }
}
