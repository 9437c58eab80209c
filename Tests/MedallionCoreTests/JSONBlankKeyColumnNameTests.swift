import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// A blank JSON key (`""` or only spaces) cannot name a Parquet column: it is named
/// `column_N` like a blank CSV header, without clashing with a real key of that name.
@Suite struct JSONBlankKeyColumnNameTests {
    @Test func blankKeysGetGeneratedNames() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-blank-key")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "k.ndjson", Array("""
            {"": 1, "a": 2, " ": 3}
            {"column_1": 4, "": 5}
            """.utf8))
        let read = try readSource(file, options(.ndjson))
        #expect(read.columns == ["column_1", "a", "column_3", "column_1_1"])
        #expect(read.rows == [["1", "2", "3", nil], ["5", nil, nil, "4"]])
    }
}
