import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// Without a header the first line is record 1: its errors say so (not "record 0"). With a
/// header, an error in the header line names no record and says it is the header.
@Suite struct CSVHeaderlessFirstRecordErrorTests {
    @Test func invalidUTF8InTheFirstRecordOfAHeaderlessFileIsRecordOne() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-headerless")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "h.csv", Array("1,".utf8) + [0x5A, 0xFC, 0x72] + Array("\n2,b\n".utf8))
        let (error, message) = sourceFailure(file, options(.csv) { $0.header = false })
        #expect(error?.kind == .invalidUTF8, "\(message)")
        #expect(error?.record == 1, "\(message)")
        #expect(error?.line == 1)
        #expect(error?.column == "column_2")
    }

    @Test func raggedRecordOfAHeaderlessFileComparesWithRecordOne() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-headerless")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "r.csv", Array("1,2\n3,4,5\n".utf8))
        let (error, message) = sourceFailure(file, options(.csv) { $0.header = false })
        #expect(error?.kind == .raggedRecord, "\(message)")
        #expect(error?.record == 2 && error?.line == 2, "\(message)")
        #expect(message.contains("expected 2 fields (as in record 1), found 3"), "\(message)")
    }

    @Test func unterminatedQuoteInTheHeaderNamesNoRecord() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("csv-headerless")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "q.csv", Array("a,\"b\n1,2\n".utf8))
        let (error, message) = sourceFailure(file, options(.csv))
        #expect(error?.kind == .unterminatedQuote, "\(message)")
        #expect(error?.record == nil, "\(message)")
        #expect(error?.line == 1)
        #expect(message.contains("header"), "\(message)")
    }
}
