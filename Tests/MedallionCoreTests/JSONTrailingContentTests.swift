import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// What follows the records is checked too: text after a JSON document, the rest of the objects
/// enclosing `records_path` (a truncated file), or a second value on an NDJSON record's line
/// is an error naming the line, never silently dropped.
@Suite struct JSONTrailingContentTests {
    @Test(arguments: [
        ("[{\"a\": 1}]\nnot json\n", SourceFormat.json, nil as String?, 2),
        ("[{\"a\": 1}] [{\"a\": 2}]", .json, nil, 1),
        ("{\"data\": [{\"a\": 1}], \"meta\": {\"n\": ", .json, "data", 1),
        ("{\"data\": [{\"a\": 1}]\n", .json, "data", 2),
        ("{\"data\": [{\"a\": 1}]} }", .json, "data", 1),
        ("{\"x\": {\"data\": [{\"a\": 1}], \"y\": tru}}", .json, "x.data", 1),
        ("[{\"a\": 1},\n]", .json, nil, 2),
    ])
    func trailingContentIsAnError(_ text: String, _ format: SourceFormat, _ path: String?, _ line: Int) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-trailing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "t.json", Array(text.utf8))
        let (error, message) = sourceFailure(file, options(format) { $0.recordsPath = path })
        #expect(error?.kind == .invalidJSON, "\(text): \(message)")
        #expect(error?.line == line, "\(text): \(message)")
    }

    @Test func validDocumentsWithMembersAroundTheRecordsStillRead() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-trailing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "ok.json", Array("""
            {"meta": {"n": [1, 2]}, "data": [{"a": 1}, {"a": 2}], "next": null, "more": {"x": "}"}}\r\n\r\n
            """.utf8))
        #expect(try readSource(file, options(.json) { $0.recordsPath = "$.data" }).rows == [["1"], ["2"]])
    }

    @Test func ndjsonLineEndsMayBeLFCRLFOrCRWithBlanksBefore() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-trailing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "ok.ndjson", Array("{\"a\": 1} \t\r\n\n{\"a\": 2}\r{\"a\": 3}\t\n  {\"a\": 4}".utf8))
        #expect(try readSource(file, options(.ndjson)).rows == [["1"], ["2"], ["3"], ["4"]])
    }

    @Test(arguments: ["{\"a\": 1},\n{\"a\": 2}\n", "{\"a\": 1} x\n{\"a\": 2}\n", "{\"a\": 1}{\"a\": 2}\n"])
    func ndjsonGarbageAfterARecordNamesThatRecordAndLine(_ text: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-trailing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "t.ndjson", Array(("{\"a\": 0}\r\n\n" + text).utf8))
        let (error, message) = sourceFailure(file, options(.ndjson))
        #expect(error?.kind == .invalidJSON, "\(message)")
        #expect(error?.record == 2, "\(message)")
        #expect(error?.line == 3, "\(message)")
    }
}
