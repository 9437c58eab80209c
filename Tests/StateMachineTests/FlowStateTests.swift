import Foundation
@testable import StateMachine
import Testing

@Suite struct FlowStateTests {
    @Test func passResultPathAndOutputPath() async throws {
        let e = try engine("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.deep.er","Next":"B"},
              "B":{"Type":"Pass","InputPath":null,"Result":2,"ResultPath":"$.two","Next":"C"},
              "C":{"Type":"Pass","OutputPath":null,"End":true}}}
            """)
        #expect(await e.run(input: ["k": 1], executionName: "e").output == [:])
        let e2 = try engine(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.deep.er","End":true}}}"#)
        #expect(await e2.run(input: ["k": 1], executionName: "e").output == ["k": 1, "deep": ["er": ["x": 1]]])
    }

    @Test func resultPathIntoAScalarFails() async throws {
        let e = try engine(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.s.x","End":true}}}"#)
        #expect(await e.run(input: ["s": "text"], executionName: "e").errorName == "States.ResultPathMatchFailure")
    }

    @Test func missingParameterPathIsARuntimeError() async throws {
        let e = try engine(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x.$":"$.nope"},"End":true}}}"#)
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.errorName == "States.Runtime")
        #expect(result.cause?.contains("x.$") == true)
    }

    @Test func waitUsesTheClock() async throws {
        let clock = FakeClock()
        let e = try engine("""
            {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":30,"Next":"B"},"B":{"Type":"Wait","SecondsPath":"$.s","Next":"C"},
              "C":{"Type":"Wait","TimestampPath":"$.t","End":true}}}
            """, clock: clock)
        let target = RFC3339.format(clock.now().addingTimeInterval(100))
        let result = await e.run(input: ["s": 5, "t": .string(target)], executionName: "e")
        #expect(result.output != nil)
        #expect(clock.sleeps.count == 3)
        #expect(clock.sleeps[0] == 30)
        #expect(clock.sleeps[1] == 5)
        #expect(abs(clock.sleeps[2] - 65) < 0.01)
        let bad = try engine(#"{"StartAt":"A","States":{"A":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#, clock: clock)
        #expect(await bad.run(input: ["s": "x"], executionName: "e").errorName == "States.Runtime")
    }

    @Test func choiceFallsBackToDefaultOrFails() async throws {
        let definition = """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[
              {"And":[{"Variable":"$.n","IsNumeric":true},{"Variable":"$.n","NumericGreaterThanPath":"$.limit"}],"Next":"Big"},
              {"Variable":"$.name","StringMatches":"log-*.txt","Next":"Log"}]%@},
              "Big":{"Type":"Pass","Result":"big","End":true},"Log":{"Type":"Pass","Result":"log","End":true}%@}}
            """
        let withDefault = try engine(String(format: definition, #","Default":"D""#, #","D":{"Type":"Pass","Result":"default","End":true}"#))
        #expect(await withDefault.run(input: ["n": 5, "limit": 3], executionName: "e").output == "big")
        #expect(await withDefault.run(input: ["n": 1, "limit": 3, "name": "log-2026.txt"], executionName: "e").output == "log")
        #expect(await withDefault.run(input: ["n": 1, "limit": 3, "name": "x"], executionName: "e").output == "default")
        let without = try engine(String(format: definition, "", ""))
        #expect(await without.run(input: ["n": 1, "limit": 3, "name": "x"], executionName: "e").errorName == "States.NoChoiceMatched")
        #expect(await without.run(input: ["limit": 3], executionName: "e").errorName == "States.Runtime")
    }

    @Test func comparisonOperators() {
        #expect(ComparisonOperator.stringLessThan.compare("a", "b"))
        #expect(!ComparisonOperator.stringEquals.compare(1, "1"))
        #expect(ComparisonOperator.numericEquals.compare(3, 3.0))
        #expect(ComparisonOperator.numericLessThanEquals.compare(2.5, 3))
        #expect(ComparisonOperator.booleanEquals.compare(false, false))
        #expect(ComparisonOperator.timestampEquals.compare("2026-01-01T01:00:00+01:00", "2026-01-01T00:00:00Z"))
        #expect(ComparisonOperator.timestampLessThan.compare("2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00.2Z"))
        #expect(!ComparisonOperator.timestampEquals.compare("2026-01-01", "2026-01-01"))
        #expect(ComparisonOperator.isNull.compare(nil, true))
        #expect(ComparisonOperator.isString.compare("x", true))
        #expect(ComparisonOperator.isBoolean.compare(1, false))
        #expect(ComparisonOperator.isTimestamp.compare("2026-02-28T23:59:59Z", true))
        #expect(ComparisonOperator.isTimestamp.compare("2026-02-30T00:00:00Z", false))
        #expect(ComparisonOperator.isTimestamp.compare("2026-01-01t00:00:00Z", false))
    }

    @Test func timestampsFormatAndParseRoundTrip() {
        for seconds in [0.0, 951_782_400.5, 1_709_251_199.999, 4_102_444_800.25, -86_400.0] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = RFC3339.format(date)
            #expect(RFC3339.parse(text)?.timeIntervalSince1970 == seconds, "\(text)")
        }
        #expect(RFC3339.format(Date(timeIntervalSince1970: 951_782_400.5)) == "2000-02-29T00:00:00.500Z")
    }

    @Test func stringMatchesWildcards() {
        #expect(WildcardPattern.matches("log-2026.txt", pattern: "log-*.txt"))
        #expect(WildcardPattern.matches("anything", pattern: "*"))
        #expect(WildcardPattern.matches("a*b", pattern: #"a\*b"#))
        #expect(!WildcardPattern.matches("axb", pattern: #"a\*b"#))
        #expect(WildcardPattern.matches(#"a\b"#, pattern: #"a\\b"#))
        #expect(WildcardPattern.matches("abcabd", pattern: "*abd"))
        #expect(!WildcardPattern.matches("abd", pattern: "ab?"))
        #expect(!WildcardPattern.matches("abc", pattern: "abd*"))
    }

    @Test func failStateUsesPathsAndContext() async throws {
        let e = try engine(#"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('at {}', $$.State.Name)"}}}"#)
        let result = await e.run(input: ["e": "Custom"], executionName: "e")
        #expect(result.errorName == "Custom")
        #expect(result.cause == "at F")
    }

    @Test func contextObjectHasExecutionFields() async throws {
        let e = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"c.$":"$$"},"End":true}}}"#)
        let output = await e.run(input: ["i": 1], executionName: "run-42").output
        let c = output?["c"]
        #expect(c?["Execution"]?["Name"] == "run-42")
        #expect(c?["Execution"]?["Input"] == ["i": 1])
        #expect(c?["State"]?["Name"] == "P")
        #expect(c?["State"]?["RetryCount"] == 0)
        #expect(c?["Execution"]?["StartTime"]?.stringValue.flatMap(RFC3339.parse) != nil)
    }
}
