import Foundation
@testable import StateMachine
import Testing

/// Choice rules as the States Language specification defines them ("Choice Rules"): every
/// comparison operator and its `…Path` form, type tests, boolean combinations, wildcards and
/// RFC 3339 timestamps.
@Suite struct ChoiceConformanceTests {
    /// True when `rule` (a JSON object without `Next`) matches `input`.
    func matches(_ rule: String, _ input: JSONValue) async throws -> Bool {
        let definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[\(rule.dropLast()),"Next":"Yes"}],"Default":"No"},
              "Yes":{"Type":"Pass","Result":true,"End":true},"No":{"Type":"Pass","Result":false,"End":true}}}
            """
        let result = await (try engine(definition)).run(input: input, executionName: "e")
        guard case .bool(let b)? = result.output else {
            Issue.record("rule \(rule) failed: \(result.errorName ?? "?") \(result.cause ?? "")")
            return false
        }
        return b
    }

    func error(_ rule: String, _ input: JSONValue) async throws -> String? {
        let definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[\(rule.dropLast()),"Next":"Yes"}],"Default":"Yes"},
              "Yes":{"Type":"Succeed"}}}
            """
        return await (try engine(definition)).run(input: input, executionName: "e").errorName
    }

    @Test func numericComparisonsMixIntegersAndFloats() async throws {
        let input: JSONValue = ["i": 1, "f": 1.0, "g": 1.5, "s": "1"]
        #expect(try await matches(#"{"Variable":"$.i","NumericEquals":1.0}"#, input))
        #expect(try await matches(#"{"Variable":"$.f","NumericEquals":1}"#, input))
        #expect(try await matches(#"{"Variable":"$.i","NumericEqualsPath":"$.f"}"#, input))
        #expect(try await matches(#"{"Variable":"$.g","NumericGreaterThan":1}"#, input))
        #expect(try await matches(#"{"Variable":"$.i","NumericLessThanPath":"$.g"}"#, input))
        #expect(try await matches(#"{"Variable":"$.g","NumericGreaterThanEquals":1.5}"#, input))
        #expect(try await matches(#"{"Variable":"$.g","NumericLessThanEquals":1.5}"#, input))
        // A string is not a number: no match, no error.
        #expect(try await !matches(#"{"Variable":"$.s","NumericEquals":1}"#, input))
    }

    @Test func stringComparisonsAndBooleans() async throws {
        let input: JSONValue = ["a": "apple", "b": "banana", "t": true]
        #expect(try await matches(#"{"Variable":"$.a","StringEquals":"apple"}"#, input))
        #expect(try await matches(#"{"Variable":"$.a","StringLessThan":"banana"}"#, input))
        #expect(try await matches(#"{"Variable":"$.b","StringGreaterThanPath":"$.a"}"#, input))
        #expect(try await matches(#"{"Variable":"$.a","StringLessThanEquals":"apple"}"#, input))
        #expect(try await matches(#"{"Variable":"$.a","StringGreaterThanEqualsPath":"$.a"}"#, input))
        #expect(try await matches(#"{"Variable":"$.t","BooleanEquals":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.t","BooleanEqualsPath":"$.t"}"#, input))
        #expect(try await !matches(#"{"Variable":"$.a","BooleanEquals":true}"#, input))
    }

    /// The guide defers to Java's `String.compareTo`: UTF-16 code units, so an emoji (surrogate
    /// pair D83D DE00) sorts before U+FFFD even though its scalar value is larger.
    @Test func stringOrderIsJavaCompareTo() async throws {
        let input: JSONValue = ["emoji": "\u{1F600}", "replacement": "\u{FFFD}"]
        #expect(try await matches(#"{"Variable":"$.emoji","StringLessThanPath":"$.replacement"}"#, input))
        #expect(try await !matches(#"{"Variable":"$.emoji","StringGreaterThanPath":"$.replacement"}"#, input))
    }

    @Test func stringMatchesWildcardsAndEscapes() async throws {
        let input: JSONValue = ["f": "log-2026.txt", "star": "a*b", "bs": #"a\b"#]
        #expect(try await matches(#"{"Variable":"$.f","StringMatches":"log-*.txt"}"#, input))
        #expect(try await matches(#"{"Variable":"$.f","StringMatches":"*"}"#, input))
        #expect(try await !matches(#"{"Variable":"$.f","StringMatches":"log-*.csv"}"#, input))
        // `\\*` in the definition's JSON is `\*`: a literal asterisk.
        #expect(try await matches(#"{"Variable":"$.star","StringMatches":"a\\*b"}"#, input))
        #expect(try await !matches(#"{"Variable":"$.f","StringMatches":"log-\\*"}"#, input))
        #expect(try await matches(#"{"Variable":"$.bs","StringMatches":"a\\\\b"}"#, input))
    }

    @Test func timestampsHonourOffsetsAndFractions() async throws {
        let input: JSONValue = ["t": "2026-01-01T12:00:00Z", "o": "2026-01-01T13:00:00+01:00", "f": "2026-01-01T12:00:00.5Z",
                                "lower": "2026-01-01t12:00:00z"]
        #expect(try await matches(#"{"Variable":"$.t","TimestampEqualsPath":"$.o"}"#, input))
        #expect(try await matches(#"{"Variable":"$.f","TimestampGreaterThan":"2026-01-01T12:00:00Z"}"#, input))
        #expect(try await matches(#"{"Variable":"$.f","TimestampLessThan":"2026-01-01T12:00:00.501Z"}"#, input))
        #expect(try await matches(#"{"Variable":"$.t","TimestampLessThanEquals":"2026-01-01T12:00:00Z"}"#, input))
        #expect(try await matches(#"{"Variable":"$.t","TimestampGreaterThanEqualsPath":"$.o"}"#, input))
        // Lowercase `t`/`z` is not an RFC 3339 timestamp as ASL profiles it: no match.
        #expect(try await !matches(#"{"Variable":"$.lower","TimestampEquals":"2026-01-01T12:00:00Z"}"#, input))
    }

    @Test func typeTests() async throws {
        let input: JSONValue = ["n": nil, "i": 3, "s": "x", "b": false, "ts": "2026-01-01T00:00:00Z", "a": [1]]
        #expect(try await matches(#"{"Variable":"$.n","IsNull":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.i","IsNull":false}"#, input))
        #expect(try await matches(#"{"Variable":"$.i","IsNumeric":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.s","IsNumeric":false}"#, input))
        #expect(try await matches(#"{"Variable":"$.s","IsString":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.b","IsBoolean":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.ts","IsTimestamp":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.s","IsTimestamp":false}"#, input))
        #expect(try await matches(#"{"Variable":"$.a","IsPresent":true}"#, input))
        #expect(try await matches(#"{"Variable":"$.zzz","IsPresent":false}"#, input))
    }

    @Test func booleanCombinationsNest() async throws {
        let input: JSONValue = ["x": 5, "s": "go"]
        #expect(try await matches("""
            {"And":[{"Variable":"$.x","NumericGreaterThan":1},
                    {"Or":[{"Variable":"$.s","StringEquals":"stop"},{"Not":{"Variable":"$.s","StringEquals":"wait"}}]}]}
            """, input))
        #expect(try await !matches(#"{"Not":{"And":[{"Variable":"$.x","IsNumeric":true},{"Variable":"$.s","IsString":true}]}}"#, input))
    }

    @Test func missingVariableIsARuntimeError() async throws {
        #expect(try await error(#"{"Variable":"$.missing","StringEquals":"a"}"#, [:]) == "States.Runtime")
        #expect(try await error(#"{"Variable":"$.a","StringEqualsPath":"$.missing"}"#, ["a": "a"]) == "States.Runtime")
        #expect(try await error(#"{"Variable":"$.missing","IsPresent":true}"#, [:]) == nil)
    }
}
