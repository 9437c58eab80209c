import Foundation
@testable import StateMachine
import Testing
import TestSupport

@Suite struct JSONValueTests {
    @Test func integersStayExactAndDoublesStayDoubles() throws {
        let v = try JSONValue(parsing: #"{"i":3,"big":9007199254740993,"f":1.5,"e":1e3,"neg":-0.25}"#)
        #expect(v["i"] == .number(.integer(3)))
        #expect(v["big"] == .number(.integer(9_007_199_254_740_993)))
        #expect(v.serialized() == #"{"i":3,"big":9007199254740993,"f":1.5,"e":1000.0,"neg":-0.25}"#)
        #expect(JSONValue.number(.integer(3)) == .number(.double(3.0)))
    }

    @Test func objectsKeepInsertionOrderButCompareUnordered() throws {
        let a = try JSONValue(parsing: #"{"z":1,"a":2,"m":{"y":1,"b":2}}"#)
        #expect(a.serialized() == #"{"z":1,"a":2,"m":{"y":1,"b":2}}"#)
        let b = try JSONValue(parsing: #"{"a":2,"m":{"b":2,"y":1},"z":1}"#)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func largeObjectsKeepOrderThroughUpdatesAndRemovals() {
        var o = JSONObject()
        for i in 0..<40 { o["k\(i)"] = .number(.integer(i)) }
        o["k5"] = "five"
        o["k7"] = nil
        o["k7"] = 7
        #expect(o.count == 40)
        #expect(o["k5"] == "five")
        #expect(o["k39"] == 39)
        #expect(o.keys.last == "k7")
        #expect(Array(o.keys.prefix(3)) == ["k0", "k1", "k2"])
        var reversed = JSONObject()
        for key in o.keys.reversed() { reversed[key] = o[key] }
        #expect(reversed == o)
        #expect(reversed.hashValue == o.hashValue)
        reversed["k0"] = nil
        #expect(reversed != o)
        #expect(reversed["k0"] == nil)
        #expect(reversed["k1"] == 1)
    }

    @Test func stringsEscapeAndUnescape() throws {
        let v = try JSONValue(parsing: #"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0001"]"#)
        #expect(v.arrayValue?.first?.stringValue == "a\"b\\c/d\n\té😀\u{01}")
        #expect(v.serialized() == #"["a\"b\\c/d\n\té😀\u0001"]"#)
    }

    @Test(arguments: ["", "[1,]", "{\"a\":1,}", "01", "NaN", "{'a':1}", "[1] x", "\"\u{01}\"", "// c\n1", "1.", "-", "tru", "\"\\ud800\""])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func literalsBuildValues() {
        let v: JSONValue = ["a": 1, "b": [true, nil, 2.5, "s"]]
        #expect(v.serialized() == #"{"a":1,"b":[true,null,2.5,"s"]}"#)
        #expect(v["a"] == 1)
        #expect(v["missing"] == nil)
        #expect(JSONValue.string("x").stringValue == "x")
        #expect(JSONValue.number(.integer(1)).stringValue == nil)
    }

    @Test func serializationRoundTripsThroughPython() throws {
        let v: JSONValue = ["k": ["é", 1, 2.5, -3, nil, true], "nested": ["x": ["y": "\"q\""]]]
        let result = try runPython("import json,sys; print(json.dumps(json.loads(sys.argv[1]), separators=(',',':'), ensure_ascii=False))", [v.serialized()])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try JSONValue(parsing: result.stdout) == v)
    }
}
