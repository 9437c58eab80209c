import Foundation
import Parquet
import Testing
@testable import Transform
import TestSupport

/// Nested JSON text from Bronze: objects flatten into leaves, arrays of scalars become lists.
@Suite struct NestedJSONTests {
    static func shapes(_ values: [String?]) throws -> [String: NestedShape] {
        let directory = try TestDirectory()
        let bronze = try SilverTransformTests.bronze(values.map { [$0] }, columns: ["v"], in: directory.url)
        return try NestedDiscovery.discover(inputPath: bronze, columns: ["v"])
    }

    @Test func objectsFlattenToTheirLeavesInFirstSeenOrder() throws {
        let shapes = try Self.shapes([
            #"{"type":"PPO","payer":"Acme","address":{"zip":"02139","lines":["a","b"]}}"#,
            nil,
            #"{"type":"HMO","rank":2,"address":{"zip":"10001","lines":[]},"score":1.5}"#,
            #"{"type":"EPO","rank":3,"score":2,"flag":true,"mixed":{"a":1}}"#,
            #"{"mixed":"text"}"#,
        ])
        guard case .object(let fields)? = shapes["v"] else { Issue.record("not an object: \(shapes)"); return }
        #expect(fields.map { $0.path.joined(separator: ".") } == ["type", "payer", "address.zip", "address.lines", "rank", "score", "flag", "mixed"])
        #expect(fields.map(\.type) == [.string, .string, .string, .string, .int64, .double, .boolean, .string])
        #expect(fields.map(\.isList) == [false, false, false, true, false, false, false, false])
    }

    @Test func arraysOfScalarsAreListsOfTheirElementType() throws {
        #expect(try Self.shapes([#"[1,2]"#, #"[]"#, nil, #"[3,null]"#])["v"] == .list(.int64))
        #expect(try Self.shapes([#"[1,2.5]"#])["v"] == .list(.double))
        #expect(try Self.shapes([#"["a",1]"#])["v"] == .list(.string))
        #expect(try Self.shapes([#"[true,false]"#])["v"] == .list(.boolean))
        // Arrays of objects, and columns mixing arrays with other values, stay JSON text.
        #expect(try Self.shapes([#"[{"a":1}]"#])["v"] == nil)
        #expect(try Self.shapes([#"[1]"#, "plain"])["v"] == nil)
        #expect(try Self.shapes([#"{"a":1}"#, #"[1]"#])["v"] == nil)
        #expect(try Self.shapes(["{not json"])["v"] == nil)
    }

    @Test func leavesAreExtractedAsSilverText() {
        var column = ByteArrayColumn()
        column.append(#"{"a":{"b":"x\"y\u00e9"},"n":12.50,"o":{"k":[1]},"z":null}"#)
        column.appendNull()
        column.append(#"{"n":-3}"#)
        column.append("garbage")
        let leaves = JSONLeaves.extract(column, paths: [["a", "b"], ["n"], ["o"], ["z"], ["missing"]])
        #expect(leaves[0].strings == ["x\"yé", nil, nil, nil])
        #expect(leaves[1].strings == ["12.50", nil, "-3", nil])
        #expect(leaves[2].strings == [#"{"k":[1]}"#, nil, nil, nil])
        #expect(leaves[3].strings == [nil, nil, nil, nil])
        #expect(leaves[4].strings == [nil, nil, nil, nil])
    }

    @Test func malformedTextNeverTraps() {
        var generator = SeededGenerator(seed: 99)
        let alphabet = Array(#"{}[]":,\ab1.-eutrn"#.utf8)
        for _ in 0..<3_000 {
            let length = Int(generator.next() % 24)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            bytes.withUnsafeBytes { raw in
                _ = JSONText.forEachMember(of: raw) { _, _ in }
                _ = JSONText.forEachElement(of: raw) { _ in }
                _ = JSONText.scalarText(raw)
            }
        }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        var deepText = deep
        deepText.withUTF8 { #expect(!JSONText.forEachElement(of: UnsafeRawBufferPointer($0)) { _ in }) }
    }

    @Test func silverLaysOutListsAndLeaves() throws {
        let directory = try TestDirectory()
        let bronze = try SilverTransformTests.bronze([
            [#"{"type":"PPO","codes":["E11.9"," I10 "]}"#, #"[1,2]"#],
            [#"{"type":"HMO","codes":[]}"#, #"[3,"x"]"#],
            [nil, nil],
        ], columns: ["plan", "ids"], in: directory.url)
        let plan = SilverPlan(columns: [
            SilverPlan.Column(source: "plan", path: ["type"], name: "plan_type", type: .string),
            SilverPlan.Column(source: "plan", path: ["codes"], name: "plan_codes", type: .string, isList: true),
            SilverPlan.Column(source: "ids", name: "ids", type: .int64, isList: true),
        ])
        let outcome = try SilverTransformTests.run(plan, bronze: bronze, spill: directory.url)
        #expect(outcome.report.castFailures == ["ids": 1])
        let batch = try #require(outcome.silver.first)
        guard case .byteArrays(let types) = batch.columns[0], case .lists(let codes) = batch.columns[1],
              case .lists(let ids) = batch.columns[2] else {
            Issue.record("unexpected column kinds")
            return
        }
        #expect(types.strings == ["PPO", "HMO", nil])
        #expect(codes.strings(at: 0) == ["E11.9", "I10"])
        #expect(codes.strings(at: 1) == [])
        #expect(codes.strings(at: 2) == nil)
        #expect(ids.int64s(at: 0) == [1, 2])
        #expect(ids.int64s(at: 1) == [3, nil])
        #expect(ids.int64s(at: 2) == nil)
    }
}
