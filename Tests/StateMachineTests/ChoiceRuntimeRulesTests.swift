import Foundation
import StateMachine
import Testing

/// Run-time rules where moto departs from AWS (Fixtures/README.md): a `…Path` operand of the
/// wrong type fails the execution; a wrong-typed Variable is simply no match.
@Suite struct ChoiceRuntimeRulesTests {
    func run(_ rule: String, _ input: JSONValue) async throws -> ExecutionResult {
        let definition = try StateMachineDefinition.parse("""
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[\(rule)],"Default":"N"},
             "Y":{"Type":"Pass","Result":"yes","End":true},"N":{"Type":"Pass","Result":"no","End":true}}}
            """)
        return await ExecutionEngine(definition: definition, handlers: [:]).run(input: input, executionName: "e")
    }

    @Test func aPathOperandOfTheWrongTypeIsARuntimeError() async throws {
        let numeric = try await run(#"{"Variable":"$.a","NumericEqualsPath":"$.b","Next":"Y"}"#, ["a": 1, "b": "1"])
        #expect(numeric.errorName == "States.Runtime")
        #expect(numeric.cause?.contains("NumericEqualsPath compares against a number") == true)
        let string = try await run(#"{"Variable":"$.a","StringLessThanPath":"$.b","Next":"Y"}"#, ["a": "x", "b": true])
        #expect(string.errorName == "States.Runtime")
        let boolean = try await run(#"{"Variable":"$.a","BooleanEqualsPath":"$.b","Next":"Y"}"#, ["a": true, "b": 0])
        #expect(boolean.errorName == "States.Runtime")
        let timestamp = try await run(#"{"Variable":"$.a","TimestampEqualsPath":"$.b","Next":"Y"}"#, ["a": "2026-01-01T00:00:00Z", "b": 5])
        #expect(timestamp.errorName == "States.Runtime")
    }

    @Test func matchingTypesStillCompare() async throws {
        #expect(try await run(#"{"Variable":"$.a","NumericEqualsPath":"$.b","Next":"Y"}"#, ["a": 1, "b": 1]).output == "yes")
        #expect(try await run(#"{"Variable":"$.a","NumericLessThanPath":"$.b","Next":"Y"}"#, ["a": 2, "b": 1]).output == "no")
    }

    @Test func aVariableOfTheWrongTypeIsNoMatch() async throws {
        #expect(try await run(#"{"Variable":"$.a","NumericEqualsPath":"$.b","Next":"Y"}"#, ["a": "1", "b": 1]).output == "no")
        #expect(try await run(#"{"Variable":"$.a","NumericEquals":1,"Next":"Y"}"#, ["a": "1"]).output == "no")
    }

    @Test func aFailStateWithoutErrorReportsNone() async throws {
        let bare = await ExecutionEngine(definition: try StateMachineDefinition.parse(#"{"StartAt":"F","States":{"F":{"Type":"Fail"}}}"#),
                                         handlers: [:]).run(input: [:], executionName: "e")
        guard case .failed(let error, let cause) = bare else {
            Issue.record("expected a failure, got \(bare)")
            return
        }
        #expect(error == nil)
        #expect(cause == nil)
    }
}
