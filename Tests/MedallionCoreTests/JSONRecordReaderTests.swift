import Foundation
import Testing
@testable import MedallionCore
import TestSupport

@Suite struct JSONRecordReaderTests {
    private func temp() throws -> URL { try TestEnvironment.makeTemporaryDirectory("json") }

    @Test func ndjsonColumnsAreKeysInFirstSeenOrderAndMissingKeysAreNull() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try writeFile(dir, "c.ndjson", Array("""
            {"id": 1, "name": "a"}

            {"name": "b", "extra": true, "id": 2}
            {"id": null, "amount": -1.5e3}
            """.utf8))
        let read = try readSource(file, options(.ndjson))
        #expect(read.columns == ["id", "name", "extra", "amount"])
        #expect(read.rows == [["1", "a", nil, nil], ["2", "b", "true", nil], [nil, nil, nil, "-1.5e3"]])
        #expect(read.numbers == [1, 2, 3])
    }

    /// Nested objects and arrays stay JSON text; Python must parse it back to the same value.
    @Test func nestedValuesAreKeptAsJSONTextThatParsesToTheSameValue() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = """
            {"id": "x", "codes": ["R51.9", "J45.909"], "plan": {"type": "PPO", "nested": [1, {"a": null}], "s": "q\\"uote \\u00e9 \\ud83d\\ude00"}}
            {"id": "y\\nz", "codes": [], "plan": {}}
            """
        let file = try writeFile(dir, "n.ndjson", Array(source.utf8))
        let read = try readSource(file, options(.ndjson))
        #expect(read.rows[1][0] == "y\nz")
        let ours = try writeFile(dir, "ours.json", Array(String(decoding: try JSONSerialization.data(withJSONObject: read.rows.map { $0.map { $0 ?? "" } }), as: UTF8.self).utf8))
        let check = try runPython("""
            import json, sys
            src = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
            ours = json.load(open(sys.argv[2], encoding='utf-8'))
            for s, o in zip(src, ours):
                assert json.loads(o[1]) == s['codes'], (o[1], s['codes'])
                assert json.loads(o[2]) == s['plan'], (o[2], s['plan'])
                assert ' ' not in o[1]
            print('ok')
            """, [file.path, ours.path])
        #expect(check.stdout.contains("ok"), "\(check.stderr)")
    }

    @Test func jsonArrayAndRecordsPath() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let array = try writeFile(dir, "a.json", Array(#"[{"a": 1}, {"a": 2, "b": "x"}]"#.utf8))
        #expect(try readSource(array, options(.json)).rows == [["1", nil], ["2", "x"]])
        let nested = try writeFile(dir, "n.json", Array("""
            {"meta": {"skip": [1, 2, {"records": []}]}, "data": {"count": 2, "items": [{"k": "v1"}, {"k": "v2"}]}, "after": 1}
            """.utf8))
        let read = try readSource(nested, options(.json) { $0.recordsPath = "$.data.items" })
        #expect(read.rows == [["v1"], ["v2"]])
        let missing = sourceFailure(nested, options(.json) { $0.recordsPath = "data.rows" })
        #expect(missing.0?.kind == .recordsPathNotFound)
        #expect(missing.1.contains("$.data.rows"), "\(missing.1)")
        let object = sourceFailure(nested, options(.json))
        #expect(object.1.contains("records_path"), "\(object.1)")
    }

    @Test func malformedRecordsNameTheRecordAndLine() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try writeFile(dir, "bad.ndjson", Array("{\"a\": 1}\n{\"a\": 2}\n{\"a\": tru}\n".utf8))
        let (error, text) = sourceFailure(bad, options(.ndjson))
        #expect(error?.kind == .invalidJSON)
        #expect(error?.record == 3)
        #expect(error?.line == 3)
        #expect(text.contains("bad.ndjson, record 3 (line 3)"), "\(text)")
        let scalar = try writeFile(dir, "scalar.ndjson", Array("{\"a\": 1}\n[1, 2]\n".utf8))
        #expect(sourceFailure(scalar, options(.ndjson)).0?.kind == .notAnObject)
        let truncated = try writeFile(dir, "t.json", Array("[{\"a\": 1}, {\"a\": ".utf8))
        #expect(sourceFailure(truncated, options(.json)).0?.kind == .invalidJSON)
        let leadingZero = try writeFile(dir, "z.ndjson", Array("{\"a\": 01}\n".utf8))
        #expect(sourceFailure(leadingZero, options(.ndjson)).0?.kind == .invalidJSON)
        // Records that are all `{}` name no column; an empty array is valid (JSONEmptySourceTests).
        let keyless = try writeFile(dir, "e.json", Array("[{}, {}]".utf8))
        #expect(sourceFailure(keyless, options(.json)).0?.kind == .noColumns)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let dir = try temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deep = "{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}\n"
        let file = try writeFile(dir, "deep.ndjson", Array(deep.utf8))
        #expect(sourceFailure(file, options(.ndjson)).1.contains("nesting"))
    }
}
