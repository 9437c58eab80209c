import Foundation
import Testing
@testable import MedallionCore

/// Mutated CSV (fixed seeds: byte flips, insertions, deletions, truncations, quote and
/// delimiter injection) through the CSV reader with every option it has, tiny buffers and
/// inputs arriving a byte at a time: every input either reads — each record as wide as the
/// header, numbered 1, 2, …, valid UTF-8 — or fails with a `SourceError`. Nothing else: no
/// crash, no other error, no endless reading.
@Suite struct CSVRecordReaderFuzzTests {
    static let seeds = [
        "id,name,amount\n1,alice,10.5\n2,\"bob, jr\",\n3,\"multi\nline\",\"say \"\"hi\"\"\"\n",
        "\u{FEFF}a,b\r\n\"x\r\ny\",2\r\n,\"\"\r\n\r\n",
        "h1;h2;h3\r\"é\";ü;\"😀\"\r1;2;3",
        "a\n\n1\n\"\"\n\n",
        "\"quoted header\",\"with \"\"quotes\"\"\",plain\n\"\",,x\n",
        "a,b,c,d,e,f,g,h\n1,2,3,4,5,6,7,8\n\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\"\n",
        "k\tv\nx\t\"tab\tinside\"\n",
    ]
    static let specials: [[UInt8]] = ["\"", ",", ";", "\t", "\n", "\r", "\r\n", "\"\"", "\",\"", "\u{FEFF}", "é", "\0"]
        .map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xFE, 0xFF]]

    @Test(.timeLimit(.minutes(1))) func mutatedInputsReadOrFailWithSourceErrors() throws {
        var random = FuzzMutator(seed: 4180)
        let inputs = 40_000
        var read = 0, failed = 0
        var kinds = Set<String>()
        for index in 0..<inputs {
            let seed = Array(Self.seeds[index % Self.seeds.count].utf8)
            let input = random.mutate(seed, specials: Self.specials)
            var options = SourceOptions(format: random.next(4) == 0 ? .tsv : .csv)
            if random.next(3) == 0 { options.delimiter = random.pick([UInt8(ascii: ";"), UInt8(ascii: "|")]) }
            options.header = random.next(5) != 0
            options.lenientQuotes = random.next(3) == 0
            if random.next(8) == 0 { options.maxColumns = 1 + random.next(4) }
            if random.next(8) == 0 { options.maxRecordBytes = 1 + random.next(24) }
            let bufferSize = random.pick([4, 5, 7, 64, 1 << 20])
            let stream = MemoryByteStream(input, chunk: random.pick([1, 3, 1000, .max]))
            do {
                let reader = try CSVRecordReader(stream: stream, displayName: "fuzz.csv", options: options, bufferSize: bufferSize)
                let width = reader.columnNames.count
                var records = 0
                var problem: String?
                while try reader.nextRecord({ fields in
                    if fields.count != width { problem = "a record of \(fields.count) fields, the header has \(width)" }
                    if let bad = fields.firstInvalidUTF8Field() { problem = "field \(bad) is not UTF-8" }
                }) {
                    records += 1
                    if reader.recordNumber != records { problem = "record \(records) numbered \(reader.recordNumber)" }
                    // Every record takes at least one byte: more records than bytes is a loop.
                    if records > input.count { problem = "more records than input bytes" }
                    if problem != nil { break }
                }
                if let problem { Issue.record("input \(index) \(String(decoding: input, as: UTF8.self).debugDescription): \(problem)") }
                if width == 0 { Issue.record("input \(index): a CSV source with no columns read") }
                read += 1
            } catch let error as SourceError {
                failed += 1
                kinds.insert("\(error.kind)")
                if error.file != "fuzz.csv" { Issue.record("input \(index): the error names '\(error.file)'") }
            } catch {
                Issue.record("input \(index) \(String(decoding: input, as: UTF8.self).debugDescription): \(type(of: error)): \(error)")
            }
        }
        #expect(read + failed == inputs)
        // Both outcomes, and the reader's kinds of failure, are exercised.
        #expect(read > inputs / 10 && failed > inputs / 10, "read \(read), failed \(failed)")
        #expect(kinds.isSuperset(of: ["raggedRecord", "unterminatedQuote", "textAfterQuote", "invalidUTF8", "tooManyColumns", "recordTooLarge"]),
                "\(kinds.sorted())")
    }
}
