import Foundation
@testable import StateMachine
import Testing
import TestSupport

/// Mutated intrinsic function calls must parse or fail with `IntrinsicSyntaxError`, then
/// evaluate or fail with `States.IntrinsicFailure` (or `States.Runtime` for a missing path),
/// never trap, hang or build an unbounded array.
@Suite struct IntrinsicFuzzTests {
    static let seeds = [
        "States.Format('{} {}', $.a, $.b)", "States.Format('Hello, {}!', $.name)", #"States.Format('\{\} {} \'q\' \\', $.name)"#,
        "States.Format('{}', $$.State.Name)", "States.Format('{} {} {} {}', $.n, true, null, 1.5)",
        #"States.StringToJson('{"x":[1,2]}')"#, "States.StringToJson($.json)", "States.JsonToString($.o)",
        "States.Array(1, 'a', $.n, null)", "States.Array()", "States.ArrayPartition($.arr, 3)",
        "States.ArrayPartition(States.ArrayRange(1, 10, 1), 4)", "States.ArrayContains($.arr, 3)",
        "States.ArrayRange(1, 10, 2)", "States.ArrayRange(5, 1, -2)", "States.ArrayRange(0, 999, 1)",
        "States.ArrayGetItem($.arr, 3)", "States.ArrayGetItem($.arr, -1)", "States.ArrayLength($.arr)",
        "States.ArrayUnique($.arr)", "States.Base64Encode($.name)", "States.Base64Decode('SGVsbG8=')",
        "States.Base64Decode($.b64)", "States.Hash($.x, 'SHA-256')", "States.Hash('abc', 'MD5')", "States.Hash($.x, 'SHA-512')",
        "States.JsonMerge($.o, $.o2, false)", "States.MathRandom(1, 10)", "States.MathRandom(1, 10, 42)",
        "States.MathRandom($.n, 1.5, 7)", "States.MathAdd($.n, -1)", "States.MathAdd(2.5, 1)",
        "States.StringSplit('a,b;c', ',;')", "States.StringSplit($.csv, ',')", "States.UUID()",
        "States.Format('{}', States.ArrayLength(States.StringSplit($.csv, ',')))", "States.Format($.template, $.a)",
        "States.Hash(States.JsonToString($.o), 'SHA-1')", "States.ArrayGetItem($.items[?(@.id > 1)], 0)",
        "States.ArrayLength($..id)", "States.ArrayContains($.arr[1:], 2)",
    ]

    static let tokens = [
        "States.", "States.Format(", "States.ArrayRange(", "States.ArrayPartition(", "States.Array(", "States.Hash(",
        "States.MathAdd(", "States.MathRandom(", "States.StringSplit(", "States.Base64Decode(", "States.UUID()",
        "States.StringToJson(", "States.JsonMerge(", "$.a", "$.arr", "$.o", "$$.State.Name", "$..*", "$.missing",
        "'{}'", "'{'", "'}'", "{}", "{", "}", "'SHA-256'", "'SHA-384'", "'MD5'", "'==='", "'AAAA'", "'@@@@'",
        "'\\u0000'", ", ", ",,", "))", "((", "true", "false", "null", "'", "''",
    ]

    /// Whole arguments that parse, chosen to break evaluation: extreme and fractional numbers,
    /// every JSON type, paths to each, empty and odd strings, calls building large values.
    static let arguments = FuzzMutator.numbers.filter { Int($0) != nil || Double($0) != nil && $0.first != "." }
        + ["true", "false", "null", "''", "'{}'", "'{}{}{}'", "'\\{'", "'a,b'", "'[1,2'", "'null'", "' '", "'SHA-256'",
           "'MD5'", "'sha-256'", "'=='", "'8J+YgA=='", "'////'", "'YQ'", "$", "$.a", "$.b", "$.n", "$.arr", "$.o",
           "$.o2", "$.json", "$.big", "$.missing", "$.arr[0]", "$..*", "$$", "$$.State", "States.Array()",
           "States.ArrayRange(0, 999, 1)", "States.ArrayRange(0, 1000, 1)", "States.StringToJson('[[[[1]]]]')",
           "States.ArrayPartition($.arr, 1)", "States.JsonToString($)", "States.UUID()", "States.MathAdd($.big, 1)"]

    static let input: JSONValue = [
        "a": "left", "b": 2, "n": 4, "name": "World", "x": "hash me", "json": #"{"k":[1,{"m":null}]}"#,
        "arr": [1, 2, 2, 3, "3", nil, [1], ["k": 1]], "o": ["a": 1, "b": ["c": 2]], "o2": ["b": ["d": 3]],
        "b64": "8J+YgA==", "csv": "a,b,,c", "template": "{} and {}", "big": 9_223_372_036_854_775_807,
        "items": [["id": 1], ["id": 2], ["id": 3]],
    ]

    static let context: JSONValue = ["State": ["Name": "S", "RetryCount": 0], "Execution": ["Id": "arn:e"]]

    /// The most elements an intrinsic may build (AWS caps States.ArrayRange at 1000).
    static let maxElements = 1000

    @Test(.timeLimit(.minutes(2)))
    func mutatedCallsParseAndEvaluateOrFailTyped() async throws {
        let configuration = FuzzConfiguration(seed: 0x1274_1A51C)
        let report = await FuzzWatchdog().fuzz("IntrinsicFuzzTests", iterations: configuration.iterations,
            setUp: { _ in FuzzMutator(seed: configuration.seed, tokens: Self.tokens, maxLength: 1024) },
            next: { mutator, iteration in
                let seed = Array(Self.seeds[iteration % Self.seeds.count].utf8)
                // Mostly the arguments: a mangled function name only tests the name lookup.
                let name = iteration % 4 == 0 ? 0 : (seed.firstIndex(of: UInt8(ascii: "(")) ?? 0)
                return iteration % 3 == 0
                    ? mutator.replaceTokens(seed, after: name, with: Self.arguments, separators: Set(",() ".utf8))
                    : mutator.mutate(seed, after: name)
            },
            check: { _, input, iteration, tally in Self.check(input, iteration, &tally) })
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        guard let tally = report.tally else { return }
        // Every outcome must be common, or the mutations are not reaching that stage.
        #expect(tally["syntax error"] > 3000)
        #expect(tally["value"] > 200)
        #expect(tally["States.IntrinsicFailure"] > 400)
        #expect(tally["States.Runtime"] > 150)
    }

    /// Parses and evaluates one call, checking the result's shape for the function called.
    static func check(_ bytes: [UInt8], _ iteration: Int, _ tally: inout FuzzTally) {
        let text = String(decoding: bytes, as: UTF8.self)
        let call: IntrinsicCall
        do {
            call = try IntrinsicCall(parsing: text)
        } catch let error as IntrinsicSyntaxError {
            _ = error.description
            tally.count("syntax error")
            return
        } catch {
            tally.fail(iteration, bytes, "untyped parse error \(type(of: error)): \(error)")
            return
        }
        let value: JSONValue
        do {
            value = try IntrinsicEvaluator.evaluate(call, input: input, scope: PathScope(context: context, variables: [:]))
        } catch let error as StatesError {
            tally.count(error.error ?? "(no error name)")
            if error.error != "States.IntrinsicFailure" && error.error != "States.Runtime" {
                tally.fail(iteration, bytes, "fails with \(error), not States.IntrinsicFailure or States.Runtime")
            }
            return
        } catch {
            tally.fail(iteration, bytes, "untyped evaluation error \(type(of: error)): \(error)")
            return
        }
        tally.count("value")
        if let problem = problem(with: value, from: call.function) { tally.fail(iteration, bytes, problem) }
    }

    /// Why `value` cannot be what `function` returns, or nil when it can.
    static func problem(with value: JSONValue, from function: IntrinsicFunction) -> String? {
        switch (function, value) {
        case (.arrayRange, .array(let a)), (.array, .array(let a)):
            return a.count <= maxElements ? nil : "\(function.rawValue) built \(a.count) elements"
        case (.arrayPartition, .array), (.arrayUnique, .array), (.stringSplit, .array):
            // No larger than their input, which the state's input bounds.
            return nil
        case (.format, .string), (.jsonToString, .string), (.base64Encode, .string), (.base64Decode, .string):
            return nil
        case (.hash, .string(let hex)):
            let lengths: Set<Int> = [32, 40, 64, 96, 128]
            return lengths.contains(hex.count) && hex.allSatisfy(\.isHexDigit) ? nil : "States.Hash returned '\(hex)'"
        case (.uuid, .string(let s)):
            return UUID(uuidString: s) != nil ? nil : "States.UUID returned '\(s)'"
        case (.arrayLength, .number(let n)):
            return (n.intValue ?? -1) >= 0 ? nil : "States.ArrayLength returned \(n)"
        case (.mathAdd, .number(let n)), (.mathRandom, .number(let n)):
            return n.intValue != nil ? nil : "\(function.rawValue) returned \(n), not an integer"
        case (.arrayContains, .bool), (.stringToJson, _), (.arrayGetItem, _):
            return nil
        case (.jsonMerge, .object):
            return nil
        default:
            return "\(function.rawValue) returned \(value.serialized())"
        }
    }

    /// Sizes far beyond 1000 elements fail at once with States.IntrinsicFailure instead of
    /// allocating (or overflowing while counting).
    @Test(.timeLimit(.minutes(1)), arguments: [
        "States.ArrayRange(0, 9223372036854775807, 1)", "States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)",
        "States.ArrayRange(9223372036854775807, -9223372036854775808, -1)", "States.ArrayRange(0, 1000, 1)",
        "States.ArrayRange(0, 100000000, 1)", "States.ArrayRange($.big, 0, -1)", "States.ArrayRange(1, 10, 0)",
        "States.ArrayPartition(States.ArrayRange(1, 5, 1), 0)", "States.ArrayPartition(States.ArrayRange(1, 5, 1), -9223372036854775808)",
    ])
    func hugeArraySizesFailFast(_ text: String) throws {
        let call = try IntrinsicCall(parsing: text)
        do {
            let value = try IntrinsicEvaluator.evaluate(call, input: Self.input, scope: PathScope(context: Self.context, variables: [:]))
            Issue.record("\(text) returned \((value.arrayValue ?? []).count) elements")
        } catch let error as StatesError {
            #expect(error.error == "States.IntrinsicFailure")
        }
    }

    /// The largest sizes that are allowed build exactly what was asked, even next to Int's limits.
    @Test(arguments: [
        ("States.ArrayRange(1, 1000, 1)", 1000), ("States.ArrayRange(9223372036854775800, 9223372036854775807, 5)", 2),
        ("States.ArrayRange(-9223372036854775801, -9223372036854775808, -5)", 2),
        ("States.ArrayRange(0, 9223372036854775807, 9223372036854775806)", 2),
        ("States.ArrayRange(0, 9223372036854775807, 9223372036854775807)", 2),
        ("States.ArrayPartition(States.ArrayRange(1, 5, 1), 9223372036854775807)", 1),
        ("States.ArrayPartition(States.ArrayRange(1, 1000, 1), 1)", 1000),
    ])
    func limitSizesBuildExactly(_ text: String, _ count: Int) throws {
        let value = try IntrinsicEvaluator.evaluate(try IntrinsicCall(parsing: text), input: Self.input, scope: PathScope(context: Self.context, variables: [:]))
        #expect(value.arrayValue?.count == count)
    }
}
