import Foundation
import Testing
@testable import MedallionCore

/// A JSON source with no records — `[]`, `records_path` pointing at `[]`, an empty NDJSON
/// file or one of blank lines — is valid: no columns, no records. A document that is not
/// there (an empty `json` file) or is malformed around the empty array still fails.
@Suite struct JSONEmptySourceTests {
    private func read(_ text: String, _ format: SourceFormat, recordsPath: String? = nil) throws -> (columns: [String], rows: Int) {
        var options = SourceOptions(format: format)
        options.recordsPath = recordsPath
        let reader = try JSONRecordReader(open: { MemoryByteStream(Array(text.utf8)) }, displayName: "e.json", options: options)
        var rows = 0
        while try reader.nextRecord({ _ in rows += 1 }) {}
        #expect(reader.recordNumber == 0)
        return (reader.columnNames, rows)
    }

    @Test(arguments: [("[]", nil), (" [ ]\n", nil), ("\u{FEFF}[]", nil), (#"{"meta": {"n": 0}, "data": {"items": []}, "more": [1]}"#, "$.data.items")])
    func anEmptyRecordsArrayHasNoColumnsAndNoRecords(_ text: String, _ path: String?) throws {
        let read = try read(text, .json, recordsPath: path)
        #expect(read.columns.isEmpty && read.rows == 0)
    }

    @Test(arguments: ["", "\n", "\r\n \n\t\n"]) func anEmptyNDJSONFileHasNoColumnsAndNoRecords(_ text: String) throws {
        let read = try read(text, .ndjson)
        #expect(read.columns.isEmpty && read.rows == 0)
    }

    @Test func whatIsNotAnEmptyArrayStillFails() throws {
        let cases: [(String, SourceFormat, String?, SourceError.Kind)] = [
            ("", .json, nil, .invalidJSON),              // no document at all
            ("[", .json, nil, .invalidJSON),             // truncated
            ("[] x", .json, nil, .invalidJSON),          // text after the document
            ("[,]", .json, nil, .notAnObject),
            (#"{"data": []"#, .json, "data", .invalidJSON),  // the enclosing object is cut off
            ("[{}]", .json, nil, .noColumns),            // a record, but nothing names a column
            ("{}\n{}\n", .ndjson, nil, .noColumns),
        ]
        for (text, format, path, kind) in cases {
            do {
                _ = try read(text, format, recordsPath: path)
                Issue.record("\(text.debugDescription) read")
            } catch let error as SourceError {
                #expect(error.kind == kind, "\(text.debugDescription): \(error)")
            }
        }
    }
}
