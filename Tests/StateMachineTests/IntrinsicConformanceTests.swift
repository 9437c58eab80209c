import Foundation
@testable import StateMachine
import Testing

/// Intrinsic-function edge cases as the AWS Step Functions developer guide describes them
/// ("Intrinsic functions in Amazon States Language"), run through whole executions so the
/// JSON escaping of the definition is exercised too.
@Suite struct IntrinsicConformanceTests {
    /// Runs a one-state Pass machine whose Parameters are `{"r.$": expression}` and returns `r`
    /// or the error name.
    func evaluate(_ expression: String, input: JSONValue = [:]) async throws -> (value: JSONValue?, error: String?) {
        let definition: JSONValue = ["StartAt": "P", "States": ["P": ["Type": "Pass", "Parameters": ["r.$": .string(expression)], "End": true]]]
        let e = try engine(definition.serialized())
        let result = await e.run(input: input, executionName: "e")
        if case .object(let o)? = result.output { return (o["r"], nil) }
        return (nil, result.errorName)
    }

    @Test func jsonMergeIsShallowAndRejectsDeepMode() async throws {
        let input: JSONValue = ["a": ["x": ["p": 1], "y": 2], "b": ["x": ["q": 3], "z": 4]]
        #expect(try await evaluate("States.JsonMerge($.a, $.b, false)", input: input).value == ["x": ["q": 3], "y": 2, "z": 4])
        // "Step Functions only supports the shallow merging mode; you must specify the boolean value as false."
        #expect(try await evaluate("States.JsonMerge($.a, $.b, true)", input: input).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.JsonMerge($.a, $.s, false)", input: ["a": ["x": 1], "s": "x"]).error == "States.IntrinsicFailure")
    }

    @Test func mathAddRoundsNonIntegersToTheNearestInteger() async throws {
        #expect(try await evaluate("States.MathAdd(111, -1)").value == 110)
        #expect(try await evaluate("States.MathAdd(1.4, 1)").value == 2)
        #expect(try await evaluate("States.MathAdd(1.5, 1)").value == 3)
        // Java's Math.round: halves go towards positive infinity.
        #expect(try await evaluate("States.MathAdd(-2.5, 0)").value == -2)
        #expect(try await evaluate("States.MathAdd($.v, 0.6)", input: ["v": 2.2]).value == 3)
        #expect(try await evaluate("States.MathAdd($.s, 1)", input: ["s": "1"]).error == "States.IntrinsicFailure")
    }

    @Test func mathRandomRoundsItsBoundsAndStaysInRange() async throws {
        for _ in 0..<20 {
            let r = try await evaluate("States.MathRandom(1.4, 3.2)").value?.numberValue?.intValue ?? -1
            #expect((1...3).contains(r))
        }
        #expect(try await evaluate("States.MathRandom(5, 5)").value == 5)
        #expect(try await evaluate("States.MathRandom($.s, 5)", input: ["s": "a"]).error == "States.IntrinsicFailure")
    }

    @Test func stringToJsonOfBlankTextIsNull() async throws {
        #expect(try await evaluate("States.StringToJson($.s)", input: ["s": ""]).value == .null)
        #expect(try await evaluate("States.StringToJson($.s)", input: ["s": "  "]).value == .null)
        #expect(try await evaluate("States.StringToJson($.s)", input: ["s": #"{"foo": "bar"}"#]).value == ["foo": "bar"])
        #expect(try await evaluate("States.StringToJson($.s)", input: ["s": "{"]).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.JsonToString($.o)", input: ["o": ["foo": "bar"]]).value == #"{"foo":"bar"}"#)
    }

    @Test func formatEscapesInTheDefinition() async throws {
        // In the definition's JSON text each backslash is doubled: `\\{` reaches the function as `\{`.
        #expect(try await evaluate(#"States.Format('\{\} {} \'x\' \\ \\\\', $.n)"#, input: ["n": 1]).value == #"{} 1 'x' \ \\"#)
        #expect(try await evaluate("States.Format('{}', $$.State.Name)").value == "P")
        #expect(try await evaluate("States.Format('{} and {}', 'a')").error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.Format('{}', 'a', 'b')").error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.Format('{}', $.o)", input: ["o": ["a": [1, "b"]]]).value == "{a=[1, b]}")
    }

    /// "If an open escape backslash \ is found in the intrinsic invocation string, the interpreter
    /// will throw a runtime error": only \', \{, \} and \\ are escapes.
    @Test func backslashBeforeAnUnreservedCharacterFailsAtRunTime() async throws {
        #expect(try await evaluate(#"States.Format('a\nb')"#).error == "States.IntrinsicFailure")
        #expect(try await evaluate(#"States.StringSplit('a\-b', '-')"#).error == "States.IntrinsicFailure")
        #expect(try await evaluate(#"States.StringSplit('a\\-b', '-')"#).value == [#"a\"#, "b"])
    }

    @Test func arrayRangeLimitsAndStep() async throws {
        #expect(try await evaluate("States.ArrayRange(1, 9, 2)").value == [1, 3, 5, 7, 9])
        #expect(try await evaluate("States.ArrayRange(1, 1000, 1)").value?.arrayValue?.count == 1000)
        #expect(try await evaluate("States.ArrayRange(1, 1001, 1)").error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.ArrayRange(1, 9, 0)").error == "States.IntrinsicFailure")
        // A huge range must fail at once rather than build the array first.
        #expect(try await evaluate("States.ArrayRange(0, 1000000000000000000, 1)").error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.ArrayRange(-9223372036854775807, 9223372036854775807, 1)").error == "States.IntrinsicFailure")
    }

    @Test func arrayFunctions() async throws {
        let input: JSONValue = ["a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "dup": [1, 2, 2, "x", "x", ["k": 1], ["k": 1]]]
        #expect(try await evaluate("States.ArrayPartition($.a, 4)", input: input).value == [[1, 2, 3, 4], [5, 6, 7, 8], [9]])
        #expect(try await evaluate("States.ArrayPartition($.a, 0)", input: input).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.ArrayPartition($.a, -1)", input: input).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.ArrayContains($.a, 5)", input: input).value == true)
        #expect(try await evaluate("States.ArrayGetItem($.a, 5)", input: input).value == 6)
        #expect(try await evaluate("States.ArrayLength($.a)", input: input).value == 9)
        #expect(try await evaluate("States.ArrayUnique($.dup)", input: input).value == [1, 2, "x", ["k": 1]])
        #expect(try await evaluate("States.Array()").value == [])
        #expect(try await evaluate("States.Array($.a[0], 'x', States.Array(null))", input: input).value == [1, "x", [nil]])
    }

    @Test func base64SizeLimits() async throws {
        let big = String(repeating: "a", count: 10_001)
        #expect(try await evaluate("States.Base64Encode($.s)", input: ["s": "Data to encode"]).value == "RGF0YSB0byBlbmNvZGU=")
        #expect(try await evaluate("States.Base64Decode($.s)", input: ["s": "RGF0YSB0byBlbmNvZGU="]).value == "Data to encode")
        #expect(try await evaluate("States.Base64Encode($.s)", input: ["s": .string(big)]).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.Base64Decode($.s)", input: ["s": .string(big)]).error == "States.IntrinsicFailure")
    }

    @Test func hashAlgorithms() async throws {
        let input: JSONValue = ["s": "input data"]
        #expect(try await evaluate("States.Hash($.s, 'SHA-1')", input: input).value == "aaff4a450a104cd177d28d18d74485e8cae074b7")
        #expect(try await evaluate("States.Hash($.s, 'MD5')", input: input).value?.stringValue?.count == 32)
        #expect(try await evaluate("States.Hash($.s, 'SHA-512')", input: input).value?.stringValue?.count == 128)
        #expect(try await evaluate("States.Hash($.s, 'sha-256')", input: input).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.Hash($.o, 'MD5')", input: ["o": ["a": 1]]).error == "States.IntrinsicFailure")
        #expect(try await evaluate("States.Hash($.s, 'MD5')", input: ["s": .string(String(repeating: "x", count: 10_001))]).error
                == "States.IntrinsicFailure")
    }

    @Test func stringSplitTreatsTheDelimiterAsACharacterSet() async throws {
        let input: JSONValue = ["s": "This.is+a,test=string", "d": ".+,="]
        #expect(try await evaluate("States.StringSplit($.s, $.d)", input: input).value == ["This", "is", "a", "test", "string"])
        #expect(try await evaluate("States.StringSplit('1,2,3,4,5', ',')").value == ["1", "2", "3", "4", "5"])
    }

    @Test func nestedCallsQuotesAndMissingPaths() async throws {
        let arn = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/recipe-name/1.0.0"
        let expression = "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), '.'), 1))"
        #expect(try await evaluate(expression, input: ["arn": .string(arn)]).value == "1.0")
        #expect(try await evaluate(#"States.Format('it\'s {}', 'here')"#).value == "it's here")
        #expect(try await evaluate("States.ArrayLength($.missing)").error == "States.Runtime")
        #expect(try await evaluate("States.Format('{}', $$.Execution.Name)").value == "e")
    }
}
