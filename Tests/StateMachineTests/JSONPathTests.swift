@testable import StateMachine
import Testing

@Suite struct JSONPathTests {
    let doc: JSONValue = [
        "a": ["b": [10, 20, 30, 40], "c d": "spaced"],
        "items": [["id": 1, "tag": "x", "price": 5], ["id": 2, "tag": "y", "price": 15], ["id": 3, "price": 25]],
    ]

    func eval(_ path: String) throws -> JSONValue? { try JSONPath(path).evaluate(doc) }

    @Test func definitePaths() throws {
        #expect(try eval("$") == doc)
        #expect(try eval("$.a.b[1]") == 20)
        #expect(try eval("$['a']['c d']") == "spaced")
        #expect(try eval("$.a.b[-1]") == 40)
        #expect(try eval("$.items[0].tag") == "x")
        #expect(try eval("$.missing") == nil)
        #expect(try eval("$.a.b[9]") == nil)
        #expect(try JSONPath("$.a.b[0]").isReferencePath)
        #expect(try !JSONPath("$$.Execution.Id").isReferencePath)
    }

    @Test func indefinitePathsReturnLists() throws {
        #expect(try eval("$.a.b[1:3]") == [20, 30])
        #expect(try eval("$.a.b[:2]") == [10, 20])
        #expect(try eval("$.a.b[-2:]") == [30, 40])
        #expect(try eval("$.a.b[::2]") == [10, 30])
        #expect(try eval("$.a.b[0,3]") == [10, 40])
        #expect(try eval("$.items[*].id") == [1, 2, 3])
        #expect(try eval("$.items[?(@.price > 10)].id") == [2, 3])
        #expect(try eval("$.items[?(@.tag == 'y' || @.id == 1)].id") == [1, 2])
        #expect(try eval("$.items[?(@.tag)].id") == [1, 2])
        #expect(try eval("$.items[?(!(@.price < 20))].id") == [3])
        #expect(try eval("$..price") == [5, 15, 25])
        #expect(try eval("$.missing[*]") == [])
        #expect(try !JSONPath("$.items[*]").isDefinite)
    }

    /// Found by JSONPathFuzzTests: a step that takes the index past Int.max trapped
    /// (arithmetic overflow) instead of ending the slice.
    @Test func sliceStepPastIntMaxEndsTheSlice() throws {
        #expect(try eval("$.a.b[1:10:9223372036854775807]") == [20])
        #expect(try eval("$.a.b[3::9223372036854775807]") == [40])
        #expect(try eval("$.a.b[::-9223372036854775808]") == [40])
    }

    /// Filters nested or chained 10,000 deep (a 10 KB path) overflowed the stack while parsing,
    /// matching or freeing the expression tree: past 256 operators a filter is a syntax error.
    @Test func filtersWithThousandsOfOperatorsAreRefused() throws {
        let items: JSONValue = [["a": 1], ["a": 2]]
        #expect(try JSONPath("$[?(" + String(repeating: "!", count: 254) + "@.a)]").evaluate(items) == items)
        for n in [257, 10_000] {
            let hostile = [
                "$[?(" + String(repeating: "!", count: n) + "@.a)]",
                "$[?(" + String(repeating: "(", count: n) + "@.a" + String(repeating: ")", count: n) + ")]",
                "$[?(" + Array(repeating: "@.a == 1", count: n).joined(separator: " && ") + ")]",
                "$[?(" + Array(repeating: "@.a == 1", count: n).joined(separator: " || ") + ")]",
                "$" + String(repeating: "[?(@", count: n) + String(repeating: ")]", count: n),
            ]
            for text in hostile {
                #expect(throws: JSONPathSyntaxError.self) { try JSONPath(text) }
            }
        }
    }

    @Test(arguments: ["", "a.b", "$.", "$..", "$[", "$['x'", "$.a[1:2:3:4]", "$[?(@.a ==)]", "$.a[x]", "$ .a"])
    func rejectsInvalidSyntax(_ text: String) {
        #expect(throws: JSONPathSyntaxError.self) { try JSONPath(text) }
    }

    @Test func settingCreatesNestedObjectsAndReplaces() throws {
        let input: JSONValue = ["keep": 1, "arr": [1, 2]]
        #expect(try JSONPath("$.x.y.z").setting("v", in: input) == ["keep": 1, "arr": [1, 2], "x": ["y": ["z": "v"]]])
        #expect(try JSONPath("$.keep").setting(2, in: input) == ["keep": 2, "arr": [1, 2]])
        #expect(try JSONPath("$.arr[1]").setting(9, in: input) == ["keep": 1, "arr": [1, 9]])
        #expect(try JSONPath("$").setting(5, in: input) == 5)
        #expect(throws: JSONPathSetError.self) { try JSONPath("$.keep.x").setting(1, in: input) }
        #expect(throws: JSONPathSetError.self) { try JSONPath("$.arr[5]").setting(1, in: input) }
    }
}
