@testable import StateMachine
import Testing

/// "The @ operator, matching the current node being processed in a filter, does not match scalar
/// values. It only matches objects" (AWS developer guide, "Paths").
@Suite struct JSONPathFilterScopeTests {
    let doc: JSONValue = ["nums": [1, 2, 3], "mixed": [["a": 5], 7, [8], ["a": 1]],
                          "jar": [["a": 1], ["a": 5], ["a": 2], ["a": 7], ["a": 3]]]

    @Test func filtersOnlySelectObjects() throws {
        #expect(try JSONPath("$.nums[?(@ > 1)]").evaluate(doc) == [])
        #expect(try JSONPath("$.mixed[?(@.a >= 1)]").evaluate(doc) == [["a": 5], ["a": 1]])
        #expect(try JSONPath("$.mixed[?(@)]").evaluate(doc) == [["a": 5], ["a": 1]])
        // The guide's own example.
        #expect(try JSONPath("$.jar[?(@.a >= 5)]").evaluate(doc) == [["a": 5], ["a": 7]])
    }

    /// String comparisons in filters follow Java's `compareTo` (UTF-16 code units): "\u{1F600}"
    /// (D83D DE00) sorts before "\u{FFFD}".
    @Test func filterStringOrderIsJavaCompareTo() throws {
        let items: JSONValue = ["xs": [["s": "\u{1F600}"], ["s": "\u{FFFD}"]]]
        #expect(try JSONPath("$.xs[?(@.s < '\u{FFFD}')].s").evaluate(items) == ["\u{1F600}"])
    }
}
