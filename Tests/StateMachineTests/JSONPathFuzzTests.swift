import Foundation
@testable import StateMachine
import Testing
import TestSupport

/// Mutated JSONPaths and reference paths must parse or fail with `JSONPathSyntaxError`, then
/// evaluate against a sample document (and, for reference paths, be written into it, or fail
/// with `JSONPathSetError`), never trap or hang.
@Suite struct JSONPathFuzzTests {
    static let seeds = [
        "$", "$$", "$.a", "$.a.b[1]", "$['a']['c d']", "$.a.b[-1]", "$.items[0].tag", "$.missing", "$.a.b[9]",
        "$$.Execution.Id", "$$.Map.Item.Value", "$$.State.RetryCount", "$.a.b[1:3]", "$.a.b[:2]", "$.a.b[-2:]",
        "$.a.b[::2]", "$.a.b[::-1]", "$.a.b[3:0:-2]", "$.a.b[0,3]", "$.items[*].id", "$.items[?(@.price > 10)].id",
        "$.items[?(@.tag == 'y' || @.id == 1)].id", "$.items[?(@.tag)].id", "$.items[?(!(@.price < 20))].id",
        "$.items[?(@.price >= 5 && @.tag != \"x\")]", "$.items[?(@.name < 'm')]", "$..price", "$..*", "$..['tag']",
        "$.missing[*]", "$.nums[?(@ > 1)]", "$.mixed[?(@.a >= 1)]", "$.mixed[?(@)]", "$[\"a\"].b", "$['a','items']",
        "$.a.*", "$.items[-1:]", "$.deep.l1.l2.l3.l4[0].v", "$.items[?(@.nested[0] == 1)]", "$.items[?(@.flag == true)]",
        "$.items[?(@.price == null)]", "$.items[?(@.price <= 1.5e1)]",
    ]

    static let tokens = [
        "[", "]", "[*]", "[?(", ")]", "@", "@.", "..", ".*", "..*", ":", "::", ",", "'", "\"", "\\", "-", "==", "!=", "<",
        "<=", ">", ">=", "&&", "||", "!", "(", ")", "true", "false", "null", "[0]", "[-1]", "[1:10:9223372036854775807]",
        "[-9223372036854775808:]", "[9223372036854775807:-9223372036854775808:-1]", "[::-9223372036854775808]",
        "['a','b']", "[0,1,-1]",
    ]

    /// The document paths read: arrays to slice and filter, nesting to scan, every JSON type.
    static let document: JSONValue = [
        "a": ["b": [10, 20, 30, 40], "c d": "spaced"],
        "items": [
            ["id": 1, "tag": "x", "price": 5, "name": "apple", "nested": [1, 2], "flag": true],
            ["id": 2, "tag": "y", "price": 15, "name": "pear", "nested": [], "flag": false],
            ["id": 3, "price": 25.5, "name": "ﬁg 😀"],
            ["id": 4, "price": nil],
        ],
        "nums": [1, 2, 3, -9_223_372_036_854_775_807, 1e308],
        "mixed": [["a": 5], 3, "s", ["a": 1], nil, [1, 2]],
        "deep": ["l1": ["l2": ["l3": ["l4": [["v": "bottom"]]]]]],
        "empty": [:],
        "list": [],
    ]

    static let context: JSONValue = [
        "Execution": ["Id": "arn:exec", "Input": ["k": 1]],
        "State": ["Name": "S", "RetryCount": 0],
        "Map": ["Item": ["Index": 2, "Value": ["x": 1]]],
    ]

    @Test(.timeLimit(.minutes(2)))
    func mutatedPathsParseAndEvaluateOrFailTyped() async throws {
        let configuration = FuzzConfiguration(seed: 0x7A7F)
        let report = await FuzzWatchdog().fuzz("JSONPathFuzzTests", iterations: configuration.iterations,
            setUp: { _ in FuzzMutator(seed: configuration.seed, tokens: Self.tokens, maxLength: 512) },
            next: { mutator, iteration in mutator.mutate(Array(Self.seeds[iteration % Self.seeds.count].utf8)) },
            check: { _, input, iteration, tally in Self.check(input, iteration, &tally) })
        for problem in report.problems { Issue.record(Comment(rawValue: problem)) }
        guard let tally = report.tally else { return }
        // Every outcome must be common, or the mutations are not reaching that stage.
        #expect(tally["syntax error"] > 2000)
        #expect(tally["found"] > 80)
        #expect(tally["not found"] > 500)
        #expect(tally["matched list"] > 500)
        #expect(tally["written"] > 300)
        #expect(tally["write refused"] > 100)
    }

    /// Parses, evaluates and (for reference paths) writes one path, checking what comes back.
    static func check(_ input: [UInt8], _ iteration: Int, _ tally: inout FuzzTally) {
        let text = String(decoding: input, as: UTF8.self)
        let path: JSONPath
        do {
            path = try JSONPath(text)
        } catch let error as JSONPathSyntaxError {
            _ = error.description
            tally.count("syntax error")
            return
        } catch {
            tally.count("untyped error")
            tally.fail(iteration, input, "untyped parse error \(type(of: error)): \(error)")
            return
        }
        let result = path.evaluate(path.isContextPath ? context : document)
        if path.isDefinite {
            tally.count(result == nil ? "not found" : "found")
        } else if case .array = result {
            tally.count("matched list")
        } else {
            tally.count("bad result")
            tally.fail(iteration, input, "an indefinite path returned \(String(describing: result)), not a list")
        }
        guard path.isReferencePath else { return }
        let marker: JSONValue = ["fuzz-marker": .number(.integer(iteration))]
        do {
            let written = try path.setting(marker, in: document)
            tally.count("written")
            // What was written is what the same path reads back.
            if path.evaluate(written) != marker {
                tally.fail(iteration, input, "wrote \(marker) but read back \(String(describing: path.evaluate(written)))")
            }
        } catch is JSONPathSetError {
            tally.count("write refused")
        } catch {
            tally.fail(iteration, input, "untyped write error \(type(of: error)): \(error)")
        }
    }
}
