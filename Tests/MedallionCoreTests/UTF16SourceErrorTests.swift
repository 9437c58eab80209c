import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// A UTF-16 file (as Excel's "Unicode text" export writes) is named as such, not reported as
/// invalid UTF-8 somewhere in record 1.
@Suite struct UTF16SourceErrorTests {
    @Test(arguments: [("utf-16-le", SourceFormat.tsv, "UTF-16LE"), ("utf-16-be", .csv, "UTF-16BE"), ("utf-16-le", .ndjson, "UTF-16LE")])
    func utf16FilesAreNamedAsSuch(_ codec: String, _ format: SourceFormat, _ name: String) throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("utf16")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = format == .ndjson ? "{\"a\": \"é\"}\n" : "a\tb\né\t1\n"
        let encoding: String.Encoding = codec == "utf-16-le" ? .utf16LittleEndian : .utf16BigEndian
        let bom: [UInt8] = codec == "utf-16-le" ? [0xFF, 0xFE] : [0xFE, 0xFF]
        let file = try writeFile(dir, "u.txt", bom + Array(try #require(text.data(using: encoding))))
        let (error, message) = sourceFailure(file, options(format))
        #expect(error?.kind == .invalidUTF8, "\(message)")
        #expect(message.contains(name) && message.contains("convert it to UTF-8"), "\(message)")
    }
}
