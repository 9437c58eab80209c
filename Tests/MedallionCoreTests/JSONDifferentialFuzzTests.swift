import Foundation
import Testing
@testable import MedallionCore
import TestSupport

/// Random NDJSON records (valid ones, then the same with a character deleted, repeated or
/// swapped for another) read by our reader and by Python's `json`: where Python reads an
/// object, ours must deliver each key's value (last duplicate wins) — strings decoded, numbers
/// as written, nested values as JSON text that parses to the same value; where Python fails
/// (or accepts what RFC 8259 rules out: NaN, Infinity, unpaired surrogates — also inside nested
/// values, or in a value a later duplicate key replaces), ours must fail.
@Suite struct JSONDifferentialFuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func value(_ random: inout Generator, depth: Int) -> String {
        let scalars = ["0", "-0", "1.0", "-12.5e+3", "1E2", "123456789012345678901234567890", "true", "false", "null",
                       "\"\"", "\"a b\"", "\"\\u00e9\\ud83d\\ude00\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"é😀\"", "\"\\ud800\"", "NaN"]
        switch depth > 2 ? 0 : random.next(4) {
        case 1: return "[" + (0..<random.next(3)).map { _ in value(&random, depth: depth + 1) }.joined(separator: ", ") + "]"
        case 2: return object(&random, depth: depth + 1)
        default: return scalars[random.next(scalars.count)]
        }
    }

    static func object(_ random: inout Generator, depth: Int) -> String {
        let keys = ["a", "b", "c", "a", "\\u0061", "é", ""]
        return "{" + (0..<random.next(4)).map { _ in
            "\"\(keys[random.next(keys.count)])\" : " + value(&random, depth: depth)
        }.joined(separator: ",") + " }"
    }

    @Test func agreesWithPythonJSON() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("json-fuzz")
        defer { try? FileManager.default.removeItem(at: dir) }
        var random = Generator(state: 8259)
        var results: [[String: Any]] = []
        for index in 0..<600 {
            var line = Array(Self.object(&random, depth: 0).unicodeScalars)
            if index % 2 == 1, !line.isEmpty {
                let at = random.next(line.count)
                switch random.next(3) {
                case 0: line.remove(at: at)
                case 1: line.insert(line[at], at: at)
                default: line[at] = ["\"", ",", "}", "]", ":", "\\", "x", " "][random.next(8)]
                }
            }
            let text = String(String.UnicodeScalarView(line))
            let url = try writeFile(dir, "f\(index).ndjson", Array("{\"k0\": 0}\n\(text)\n".utf8))
            var result: [String: Any] = ["line": text]
            do {
                let read = try readSource(url, options(.ndjson))
                if read.rows.count == 2 {
                    var record: [String: Any] = [:]
                    for (column, value) in zip(read.columns, read.rows[1]) { record[column] = value ?? NSNull() }
                    result["record"] = record
                } else {
                    result["rows"] = read.rows.count
                }
            } catch {
                result["error"] = "\(error)"
            }
            results.append(result)
        }
        let ours = dir.appendingPathComponent("ours.json")
        try JSONSerialization.data(withJSONObject: results).write(to: ours)
        let check = try runPython(#"""
            import json, sys
            def reject(name): raise ValueError(name)
            def load(text): return json.loads(text, parse_int=str, parse_float=str, parse_constant=reject)
            def utf8_pairs(pairs):
                # Every value counts, also one a later duplicate key replaces.
                json.dumps(pairs, ensure_ascii=False).encode('utf-8')
                return dict(pairs)
            def check(text):
                return json.loads(text, parse_int=str, parse_float=str, parse_constant=reject, object_pairs_hook=utf8_pairs)
            def as_text(v):
                if v is None: return None
                if isinstance(v, bool): return 'true' if v else 'false'
                return v
            problems, compared = [], 0
            for r in json.load(open(sys.argv[1])):
                line = r['line']
                try:
                    value = check(line)
                    json.dumps(value, ensure_ascii=False).encode('utf-8')  # unpaired surrogates fail here
                    ok = isinstance(value, dict)
                except (ValueError, UnicodeEncodeError):
                    ok = False
                if not ok:
                    if 'error' not in r: problems.append(('should fail', line, r))
                    continue
                if 'record' not in r:
                    problems.append(('should read', line, r)); continue
                compared += 1
                got = {(k if k.strip() else ''): v for k, v in r['record'].items() if k != 'k0'}
                for key, want in value.items():
                    column = [c for c in r['record'] if c == key or (not key.strip() and c.startswith('column_'))]
                    have = r['record'].get(column[0]) if column else 'MISSING'
                    if isinstance(want, (dict, list)):
                        if have is None or load(have) != want: problems.append(('nested', line, key, have))
                    elif as_text(want) != have:
                        problems.append(('value', line, key, want, have))
            print(json.dumps({'problems': problems[:10], 'count': len(problems), 'compared': compared}))
            """#, [ours.path])
        #expect(check.status == 0, "\(check.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(summary["count"] as? Int == 0, "\(check.stdout)")
        #expect((summary["compared"] as? Int ?? 0) > 150, "\(check.stdout)")
    }
}
