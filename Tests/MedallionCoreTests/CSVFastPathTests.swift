import Foundation
import Testing
@testable import MedallionCore

/// The CSV reader's fast path (`medallion_csv_simple_record`, 64 bytes at a time) against its
/// general parser on the same bytes: random files of long and short fields, quoted fields with
/// and without doubled quotes, line breaks inside quotes, LF / CRLF / bare CR line ends, blank
/// lines, non-ASCII and invalid UTF-8, ragged records and text after a closing quote, with
/// every option and buffer size. Each must deliver the same records (fields, nulls, numbers,
/// lines) and end the same way, with the same error.
@Suite struct CSVFastPathTests {
    /// What one reading produced: the records with their numbers and lines, then the outcome.
    struct Reading: Equatable {
        var records: [[String?]] = []
        var positions: [[Int]] = []
        var outcome = "end"
        var fastRecords = 0
    }

    static func read(_ input: [UInt8], _ options: SourceOptions, bufferSize: Int, chunk: Int, fastPath: Bool) -> Reading {
        var reading = Reading()
        do {
            let reader = try CSVRecordReader(stream: MemoryByteStream(input, chunk: chunk), displayName: "fast.csv", options: options,
                                             bufferSize: bufferSize, fastPath: fastPath)
            reading.records.append(reader.columnNames)
            defer { reading.fastRecords = reader.fastPathRecords }
            while try reader.nextRecord({ reading.records.append($0.strings) }) {
                reading.positions.append([reader.recordNumber, reader.recordLine])
            }
        } catch let error as SourceError {
            reading.outcome = error.description
        } catch {
            reading.outcome = "unexpected \(error)"
        }
        return reading
    }

    /// A random CSV whose fields are mostly plain (so the fast path has work) with every kind of
    /// record the fast path must leave to the general parser mixed in.
    static func randomFile(_ random: inout FuzzMutator, delimiter: String, quote: String, columns: Int) -> [UInt8] {
        let quotable = ["a", "bc", "0123456789", String(repeating: "x", count: 70), "", "", "é", "2024-01-01"]
        // A quote inside an unquoted field is literal text.
        let plain = quotable + ["a\(quote)b"]
        var text = random.next(10) == 0 ? "\u{FEFF}" : ""
        let lineEnds = random.next(3) == 0 ? ["\r\n"] : random.next(4) == 0 ? ["\n", "\r\n", "\r"] : ["\n"]
        for _ in 0..<(1 + random.next(60)) {
            let width = random.next(150) == 0 ? columns + random.pick([-1, 1]) : columns
            var fields: [String] = []
            for _ in 0..<max(width, 1) {
                // Errors (text after a closing quote unless lenient, invalid UTF-8) are rare enough
                // that about half the files read to the end.
                switch random.next(400) {
                case 0: fields.append("\(quote)text\(quote)after")
                case 1: fields.append("bad\u{FF}utf8")
                case 2..<12: fields.append("\(quote)with \(quote)\(quote)doubled\(quote)\(quote) quotes\(quote)")
                case 12..<22: fields.append("\(quote)line\nbreak\(quote)")
                case 22..<32: fields.append("\(quote)cr\r\nlf\(quote)")
                case 32..<42: fields.append("\(quote)\(quote)")
                case 42..<122: fields.append("\(quote)\(random.pick(quotable))\(delimiter)\(random.pick(quotable))\(quote)")
                default: fields.append(random.pick(plain))
                }
            }
            var line = fields.joined(separator: delimiter)
            // Bytes that decode to something other than the literal text above.
            line = line.replacingOccurrences(of: "\u{FF}", with: "\u{1}")
            text += line + random.pick(lineEnds)
            if random.next(30) == 0 { text += random.pick(lineEnds) }  // a blank line
        }
        if random.next(4) == 0 { text.removeLast() }  // no line end after the last record
        var bytes = Array(text.utf8)
        // Invalid UTF-8 where the marker byte stands.
        for index in bytes.indices where bytes[index] == 1 { bytes[index] = 0xFF }
        return bytes
    }

    @Test(.timeLimit(.minutes(2))) func fastPathReadsExactlyWhatTheGeneralParserReads() {
        var random = FuzzMutator(seed: 64)
        var fastRecords = 0, allRecords = 0, failures = 0
        for index in 0..<3000 {
            let delimiter = random.pick([",", ";", "\t", "|"])
            let quote = random.next(5) == 0 ? "'" : "\""
            let input = Self.randomFile(&random, delimiter: delimiter, quote: quote, columns: 1 + random.next(8))
            var options = SourceOptions(format: delimiter == "\t" ? .tsv : .csv)
            options.delimiter = UInt8(ascii: Unicode.Scalar(delimiter) ?? ",")
            options.quote = UInt8(ascii: Unicode.Scalar(quote) ?? "\"")
            options.header = random.next(5) != 0
            options.lenientQuotes = random.next(3) == 0
            if random.next(10) == 0 { options.maxColumns = 1 + random.next(6) }
            if random.next(10) == 0 { options.maxRecordBytes = 20 + random.next(200) }
            let bufferSize = random.pick([4, 64, 65, 100, 1000, 4096, 1 << 20, 1 << 20])
            let chunk = random.pick([7, 1000, .max])
            let general = Self.read(input, options, bufferSize: bufferSize, chunk: chunk, fastPath: false)
            let fast = Self.read(input, options, bufferSize: bufferSize, chunk: chunk, fastPath: true)
            #expect(general.fastRecords == 0)
            var compared = fast
            compared.fastRecords = 0
            if compared != general {
                Issue.record("input \(index) \(String(decoding: input, as: UTF8.self).debugDescription), buffer \(bufferSize): fast path \(fast), general \(general)")
                return
            }
            fastRecords += fast.fastRecords
            allRecords += fast.records.count
            if general.outcome != "end" { failures += 1 }
        }
        // The comparison means something only if both kinds of records and both outcomes occur.
        #expect(fastRecords > 2000, "fast path read \(fastRecords) of \(allRecords) records")
        #expect(fastRecords < allRecords * 9 / 10, "fast path read \(fastRecords) of \(allRecords) records")
        #expect(failures > 100 && failures < 2500, "\(failures) of 3000 inputs failed")
    }

    @Test func plainCRLFRecordsTakeTheFastPathAndCountLines() throws {
        let row = "alpha,\"beta, gamma\",,\"\",\(String(repeating: "z", count: 80))\r\n"
        let input = Array(("h1,h2,h3,h4,h5\r\n" + String(repeating: row, count: 50)).utf8)
        let reading = Self.read(input, SourceOptions(format: .csv), bufferSize: 1 << 20, chunk: .max, fastPath: true)
        #expect(reading.outcome == "end")
        // All but the last record, which ends within 64 bytes of the end of the input.
        #expect(reading.fastRecords == 50)
        #expect(reading.records[1] == ["alpha", "beta, gamma", nil, "", String(repeating: "z", count: 80)])
        #expect(reading.positions.last == [50, 51])
    }

    @Test func recordsAtTheByteLimitEndTheSameWay() {
        var options = SourceOptions(format: .csv)
        options.maxRecordBytes = 100
        for length in 90...110 {
            for lineEnd in ["\n", "\r\n"] {
                let record = "a," + String(repeating: "b", count: length - 2)
                let input = Array(("h1,h2" + lineEnd + String(repeating: record + lineEnd, count: 4)).utf8)
                let general = Self.read(input, options, bufferSize: 1 << 20, chunk: .max, fastPath: false)
                let fast = Self.read(input, options, bufferSize: 1 << 20, chunk: .max, fastPath: true)
                #expect(fast.records == general.records && fast.outcome == general.outcome, "record of \(length) bytes")
                #expect(fast.fastRecords >= (length <= 100 ? 3 : 1), "record of \(length) bytes")
            }
        }
    }
}
