import Foundation
import Testing
@testable import MedallionCore

/// Mutated NDJSON and JSON (fixed seeds: byte flips, insertions, deletions, truncations,
/// brace, bracket, quote and escape injection) through the JSON reader, arriving a few bytes
/// at a time or whole, with and without `records_path`: every input either reads — each record
/// as wide as the columns, numbered 1, 2, …, valid UTF-8 — or fails with a `SourceError`.
/// Nothing else: no crash, no other error, no endless reading.
@Suite struct JSONRecordReaderFuzzTests {
    static let seeds: [(text: String, format: SourceFormat, recordsPath: String?)] = [
        (#"{"id": 1, "name": "a\"b\\c", "tags": ["x", {"y": null}], "n": -1.5e+3}"# + "\n" + #"{"id": 2, "extra": true}"# + "\r\n\n",
         .ndjson, nil),
        (#"{"s": "\u00e9\ud83d\ude00\/\b\f\n\r\t", "big": 123456789012345678901234567890, "z": 0}"# + "\n{}\n", .ndjson, nil),
        (#"[{"a": 1}, {"a": [1, [2, [3]]], "b": {"c": {"d": "e"}}}, {"b": false}]"#, .json, nil),
        (#"{"meta": {"skip": [1, {"records": []}]}, "data": {"items": [{"k": "v1"}, {"k": "v2", "k": "v3"}]}, "after": "x"}"#,
         .json, "$.data.items"),
        ("\u{FEFF}[\n  {\"\": \"blank key\", \"A\": 1, \"a\": 2}\n]\n", .json, nil),
        ("[]", .json, nil),
        ("[{}, {} ]", .json, nil),
    ]
    static let specials: [[UInt8]] = ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\n", "\r", " ", "null", "-", "0", "e", "é"]
        .map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0x00]]

    @Test(.timeLimit(.minutes(1))) func mutatedInputsReadOrFailWithSourceErrors() throws {
        var random = FuzzMutator(seed: 8259)
        let inputs = 40_000
        var read = 0, failed = 0
        var kinds = Set<String>()
        for index in 0..<inputs {
            let seed = Self.seeds[index % Self.seeds.count]
            let input = random.mutate(Array(seed.text.utf8), specials: Self.specials)
            var options = SourceOptions(format: seed.format)
            options.recordsPath = seed.recordsPath
            if random.next(8) == 0 { options.maxColumns = 1 + random.next(3) }
            if random.next(8) == 0 { options.maxRecordBytes = 1 + random.next(40) }
            let chunk = random.pick([1, 3, 1000, Int.max])
            var streams: [MemoryByteStream] = []
            do {
                let reader = try JSONRecordReader(open: {
                    streams.append(MemoryByteStream(input, chunk: chunk))
                    return streams[streams.count - 1]
                }, displayName: "fuzz.json", options: options)
                let width = reader.columnNames.count
                var records = 0
                var problem: String?
                while try reader.nextRecord({ fields in
                    if fields.count != width { problem = "a record of \(fields.count) fields, \(width) columns" }
                    if let bad = fields.firstInvalidUTF8Field() { problem = "field \(bad) is not UTF-8" }
                }) {
                    records += 1
                    if reader.recordNumber != records { problem = "record \(records) numbered \(reader.recordNumber)" }
                    if records > input.count { problem = "more records than input bytes" }
                    if problem != nil { break }
                }
                if width == 0 && records > 0 { problem = "\(records) records without columns" }
                if let problem { Issue.record("input \(index) \(String(decoding: input, as: UTF8.self).debugDescription): \(problem)") }
                read += 1
            } catch let error as SourceError {
                failed += 1
                kinds.insert("\(error.kind)")
                if error.file != "fuzz.json" { Issue.record("input \(index): the error names '\(error.file)'") }
            } catch {
                Issue.record("input \(index) \(String(decoding: input, as: UTF8.self).debugDescription): \(type(of: error)): \(error)")
            }
        }
        #expect(read + failed == inputs)
        // Most mutations break JSON; a few hundred inputs still read through both passes.
        #expect(read > inputs / 50 && failed > inputs / 10, "read \(read), failed \(failed)")
        #expect(kinds.isSuperset(of: ["invalidJSON", "notAnObject", "invalidUTF8", "tooManyColumns", "recordTooLarge", "noColumns"]),
                "\(kinds.sorted())")
    }
}
