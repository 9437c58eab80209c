import Foundation
import Testing
@testable import MedallionCore

/// `source.max_record_bytes`: a CSV record, a JSON record or an NDJSON line longer than the cap
/// fails naming the record and the line it starts on, however the input arrives; one at the
/// cap reads.
@Suite struct SourceMaxRecordBytesTests {
    private func csvRows(_ text: String, cap: Int, bufferSize: Int = 1 << 20, chunk: Int = .max) throws -> [[String?]] {
        var options = SourceOptions(format: .csv)
        options.maxRecordBytes = cap
        let reader = try CSVRecordReader(stream: MemoryByteStream(Array(text.utf8), chunk: chunk), displayName: "big.csv",
                                         options: options, bufferSize: bufferSize)
        var rows: [[String?]] = []
        while try reader.nextRecord({ rows.append($0.strings) }) {}
        return rows
    }

    private func jsonRows(_ text: String, format: SourceFormat, cap: Int, chunk: Int = .max) throws -> [[String?]] {
        var options = SourceOptions(format: format)
        options.maxRecordBytes = cap
        let reader = try JSONRecordReader(open: { MemoryByteStream(Array(text.utf8), chunk: chunk) }, displayName: "big.json",
                                          options: options)
        var rows: [[String?]] = []
        while try reader.nextRecord({ rows.append($0.strings) }) {}
        return rows
    }

    private func failure(_ body: () throws -> [[String?]]) -> SourceError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? SourceError
        }
    }

    @Test func aCSVRecordOverTheCapNamesItsRecordAndLine() throws {
        // Record 2 spans lines 3–4 and is 40 bytes long (its line end not counted).
        let long = "\"" + String(repeating: "x", count: 20) + "\n" + String(repeating: "y", count: 15) + "\",z"
        let text = "a,b\n1,2\n\(long)\r\n3,4\n"
        #expect(try csvRows(text, cap: 40).count == 3)
        for (bufferSize, chunk) in [(1 << 20, Int.max), (4, 1), (7, 3), (64, 5)] {
            let error = try #require(failure { try csvRows(text, cap: 39, bufferSize: bufferSize, chunk: chunk) })
            #expect(error.kind == .recordTooLarge, "buffer \(bufferSize)")
            #expect(error.description == "big.csv, record 2 (line 3): the record is longer than source.max_record_bytes (39 bytes); raise source.max_record_bytes in the dataset config if records this large are expected",
                    "buffer \(bufferSize): \(error)")
        }
        // The last record, without a line end, is measured the same way.
        #expect(failure { try csvRows("a,b\n\(long)", cap: 39) }?.record == 1)
        #expect(try csvRows("a,b\n\(long)", cap: 40).count == 1)
        // The header too.
        let header = try #require(failure { try csvRows("aaaa,bbbb\n1,2\n", cap: 8) })
        #expect(header.kind == .recordTooLarge && header.record == nil && header.line == 1)
        #expect(header.description.contains("the header is longer than source.max_record_bytes (8 bytes)"), "\(header)")
    }

    @Test func aCSVRecordFarOverTheCapFailsBeforeItIsHeldWhole() throws {
        // 8 MiB in one quoted field against a 1 KiB cap, read 4 KiB at a time: refused at the
        // first refill past the cap, so the buffer never grows to hold it.
        let text = "a\n\"" + String(repeating: "x", count: 8 << 20) + "\"\n"
        let error = try #require(failure { try csvRows(text, cap: 1024, bufferSize: 4096) })
        #expect(error.kind == .recordTooLarge && error.record == 1 && error.line == 2)
    }

    @Test func anNDJSONLineOverTheCapNamesItsRecordAndLine() throws {
        let text = "{\"a\": 1}\n\n{\"a\": \"" + String(repeating: "x", count: 30) + "\"}\n{\"a\": 3}\n"
        // Record 2 is 39 bytes from its brace to its closing brace.
        #expect(try jsonRows(text, format: .ndjson, cap: 39).count == 3)
        for chunk in [Int.max, 1, 7] {
            let error = try #require(failure { try jsonRows(text, format: .ndjson, cap: 38, chunk: chunk) })
            #expect(error.kind == .recordTooLarge)
            #expect(error.description == "big.json, record 2 (line 3): the record is longer than source.max_record_bytes (38 bytes); raise source.max_record_bytes in the dataset config if records this large are expected",
                    "chunk \(chunk): \(error)")
        }
    }

    @Test func aJSONArrayRecordOverTheCapNamesItsRecordAndLine() throws {
        let text = "{\"data\": [\n  {\"a\": 1},\n  {\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9],\n   \"b\": {\"c\": \"long\"}}\n]}"
        var options = SourceOptions(format: .json)
        options.recordsPath = "data"
        options.maxRecordBytes = 20
        do {
            _ = try JSONRecordReader(open: { MemoryByteStream(Array(text.utf8)) }, displayName: "big.json", options: options)
            Issue.record("a 60-byte record read with a 20-byte cap")
        } catch let error as SourceError {
            #expect(error.kind == .recordTooLarge && error.record == 2 && error.line == 3, "\(error)")
        }
    }

    @Test func aJSONRecordFarOverTheCapFailsAtTheFirstRefillPastIt() throws {
        // 4 MiB of string in one record against a 1 KiB cap: the scanner's 1 MiB buffer is
        // refilled once past the cap and the record is refused there.
        let text = "{\"a\": \"" + String(repeating: "x", count: 4 << 20) + "\"}\n"
        let error = try #require(failure { try jsonRows(text, format: .ndjson, cap: 1024) })
        #expect(error.kind == .recordTooLarge && error.record == 1 && error.line == 1)
    }
}
