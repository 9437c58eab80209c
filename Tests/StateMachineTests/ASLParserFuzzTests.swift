import Foundation
@testable import StateMachine
import Testing
import TestSupport

/// Mutated state machine definitions (from statemachines/ and the differential fixtures) must
/// parse or fail with `DefinitionError`, and validate to a list of problems, never trap or hang;
/// parsing and validation must agree on whether a definition is valid.
@Suite struct ASLParserFuzzTests {
    /// Every definition in statemachines/ (pretty-printed, as written) and every fixture's (compact).
    static func seeds() throws -> [[UInt8]] {
        let directory = TestEnvironment.packageRoot.appendingPathComponent("statemachines")
        var seeds: [[UInt8]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".json") {
            seeds.append(Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
        seeds += Fixture.all.map { Array($0.definition.serialized().utf8) }
        return seeds
    }

    /// Field names of the language, so renamed and added members hit real checks.
    static let fieldNames = [
        "Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage", "Type", "Next", "End", "InputPath",
        "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Result", "Resource", "Retry", "Catch", "ErrorEquals",
        "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "TimeoutSecondsPath",
        "HeartbeatSeconds", "Choices", "Default", "Variable", "And", "Or", "Not", "Seconds", "Timestamp", "SecondsPath",
        "TimestampPath", "Error", "Cause", "ErrorPath", "CausePath", "Branches", "ItemsPath", "ItemSelector",
        "ItemProcessor", "Iterator", "ProcessorConfig", "Mode", "MaxConcurrency", "MaxConcurrencyPath",
        "ToleratedFailureCount", "ToleratedFailurePercentage", "Label", "StringEquals", "StringMatches", "NumericEquals",
        "NumericLessThanPath", "BooleanEquals", "TimestampEquals", "TimestampGreaterThanEqualsPath", "IsNull", "IsPresent",
        "IsTimestamp", "a.$", "value.$", "Payload.$",
    ]

    /// Strings and fragments that mean something in a definition.
    static let tokens = [
        "\"Type\"", "\"Next\"", "\"End\": true", "\"States\"", "\"StartAt\"", "\"Pass\"", "\"Task\"", "\"Choice\"", "\"Wait\"",
        "\"Succeed\"", "\"Fail\"", "\"Parallel\"", "\"Map\"", "\"$\"", "\"$$\"", "\"$.a\"", "\"$.a[0]\"", "\"$..x\"",
        "\"$.a[?(@.b > 1)]\"", "\"$[1:10:9223372036854775807]\"", "\"x.$\"", "States.ALL", "States.ArrayRange(0, 100000000, 1)",
        "States.Format('{}', $.a)", "States.Hash($.a, 'SHA-256')", "2026-01-31T12:00:00Z", "9999-12-31T23:59:60.999999Z",
        "0000-02-29T00:00:00+23:59", "INLINE", "FULL", "true", "false", "null", "\"\": ", ": {", "{\"a\": ", "[[[[",
    ]

    @Test(.timeLimit(.minutes(2)))
    func mutatedDefinitionsParseOrFailTyped() async throws {
        let seeds = try Self.seeds()
        #expect(seeds.count >= 150, "the fixtures or statemachines/ are missing")
        let configuration = FuzzConfiguration(seed: 0xA5_1DEF)
        let report = await FuzzWatchdog().fuzz("ASLParserFuzzTests", iterations: configuration.iterations,
            setUp: { _ in
                (mutator: FuzzMutator(seed: configuration.seed, tokens: Self.tokens, maxLength: 16 << 10),
                 trees: seeds.map { try? JSONValue(parsing: Data($0)) })
            },
            next: { state, iteration in
                let k = iteration % seeds.count
                var input: [UInt8]
                if let tree = state.trees[k], iteration % 5 < 3 {
                    // Most inputs stay JSON so they reach the validator and the builder.
                    input = Array(state.mutator.mutateTree(tree, fieldNames: Self.fieldNames).serialized().utf8)
                    if input.count > state.mutator.maxLength { input = state.mutator.mutate(seeds[k]) }
                    if iteration % 10 == 0 { input = state.mutator.mutate(input) }
                } else {
                    input = state.mutator.mutate(seeds[k])
                }
                return input
            },
            check: { _, input, iteration, tally in Self.check(input, iteration, &tally) })
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        guard let tally = report.tally else { return }
        // Every outcome must be common, or the mutations are not reaching that stage.
        #expect(tally["valid"] > 100)
        #expect(tally["not JSON"] > 1200)
        #expect(tally["invalid"] > 2000)
    }

    /// Nesting up to the JSON parser's limit (512) validates and compiles recursively without
    /// exhausting an 8 MiB stack (the main and concurrency threads' on Linux); deeper nesting is
    /// refused by the parser before any recursion gets that deep.
    @Test(.timeLimit(.minutes(1)), arguments: [(500, true), (100_000, false)])
    func deepNestingValidatesOrIsNotJSON(_ depth: Int, _ valid: Bool) async throws {
        let array = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let rule = String(repeating: #"{"Not":"#, count: depth) + #"{"Variable":"$.a","IsPresent":true}"#
            + String(repeating: "}", count: depth)
        let definitions = [
            #"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x":\#(array)},"End":true}}}"#,
            #"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Not":\#(rule),"Next":"P"}]},"P":{"Type":"Pass","End":true}}}"#,
        ]
        let outcome = await FuzzWatchdog(limit: .seconds(30)).run(stackSize: 8 << 20) { () -> [String] in
            definitions.map { text in
                let problems = StateMachineDefinition.check(Data(text.utf8), knownResources: nil).problems
                do {
                    _ = try StateMachineDefinition.parse(text)
                    return problems.isEmpty ? "valid" : "valid with problems \(problems)"
                } catch DefinitionError.notJSON {
                    return "not JSON"
                } catch {
                    return "\(error)"
                }
            }
        }
        #expect(try outcome.get() == Array(repeating: valid ? "valid" : "not JSON", count: definitions.count))
    }

    /// Validates and parses one input, counting the outcome and recording broken expectations.
    static func check(_ input: [UInt8], _ iteration: Int, _ tally: inout FuzzTally) {
        let data = Data(input)
        let problems = StateMachineDefinition.check(data, knownResources: nil).problems
        do {
            let definition = try StateMachineDefinition.parse(data)
            _ = definition.taskResources
            tally.count("valid")
            if !problems.isEmpty { tally.fail(iteration, input, "parses, yet validation reports \(problems)") }
        } catch let error as DefinitionError {
            _ = error.description
            switch error {
            case .notJSON:
                tally.count("not JSON")
                if problems.count != 1 { tally.fail(iteration, input, "not JSON to the parser, validation reports \(problems)") }
            case .invalid(let reported):
                tally.count("invalid")
                if reported != problems { tally.fail(iteration, input, "parse reports \(reported), validation \(problems)") }
            }
        } catch {
            tally.count("untyped error")
            tally.fail(iteration, input, "untyped error \(type(of: error)): \(error)")
        }
    }
}
