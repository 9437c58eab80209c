import Foundation
@testable import StateMachine
import Testing
import TestSupport

@Suite struct IntrinsicFunctionTests {
    let input: JSONValue = ["name": "World", "n": 4, "arr": [1, 2, 2, 3], "o": ["a": 1, "b": ["c": 2]], "o2": ["b": ["d": 3]]]
    let context: JSONValue = ["State": ["Name": "S"]]

    func call(_ text: String) throws -> JSONValue {
        try IntrinsicEvaluator.evaluate(try IntrinsicCall(parsing: text), input: input, scope: PathScope(context: context, variables: [:]))
    }

    func failure(_ text: String) -> String? {
        do { _ = try call(text); return nil } catch let e as StatesError { return e.error } catch { return "\(error)" }
    }

    @Test func format() throws {
        #expect(try call("States.Format('Hello, {}!', $.name)") == "Hello, World!")
        #expect(try call("States.Format('{} {} {} {}', $.n, true, null, 1.5)") == "4 true null 1.5")
        #expect(try call(#"States.Format('\{\} {} \'q\' \\', $.name)"#) == #"{} World 'q' \"#)
        #expect(try call("States.Format('{}', $$.State.Name)") == "S")
        #expect(failure("States.Format('{} {}', 1)") == "States.IntrinsicFailure")
    }

    @Test func jsonConversions() throws {
        #expect(try call(#"States.StringToJson('{"x":[1,2]}')"#) == ["x": [1, 2]])
        #expect(try call("States.JsonToString($.o)") == #"{"a":1,"b":{"c":2}}"#)
        #expect(failure("States.StringToJson('{')") == "States.IntrinsicFailure")
    }

    @Test func arrays() throws {
        #expect(try call("States.Array(1, 'a', $.n, null)") == [1, "a", 4, nil])
        #expect(try call("States.ArrayPartition($.arr, 3)") == [[1, 2, 2], [3]])
        #expect(try call("States.ArrayContains($.arr, 3)") == true)
        #expect(try call("States.ArrayContains($.arr, 7)") == false)
        #expect(try call("States.ArrayRange(1, 9, 2)") == [1, 3, 5, 7, 9])
        #expect(try call("States.ArrayRange(5, 1, -2)") == [5, 3, 1])
        #expect(try call("States.ArrayGetItem($.arr, 3)") == 3)
        #expect(try call("States.ArrayLength($.arr)") == 4)
        #expect(try call("States.ArrayUnique($.arr)") == [1, 2, 3])
        #expect(failure("States.ArrayRange(1, 2000, 1)") == "States.IntrinsicFailure")
        #expect(failure("States.ArrayGetItem($.arr, 4)") == "States.IntrinsicFailure")
        #expect(failure("States.ArrayPartition($.arr, 0)") == "States.IntrinsicFailure")
        #expect(failure("States.ArrayLength($.name)") == "States.IntrinsicFailure")
    }

    @Test func encodingAndHashingMatchPython() throws {
        #expect(try call("States.Base64Encode('hello world')") == "aGVsbG8gd29ybGQ=")
        #expect(try call("States.Base64Decode('aGVsbG8gd29ybGQ=')") == "hello world")
        #expect(failure("States.Base64Decode('***')") == "States.IntrinsicFailure")
        let script = "import hashlib,sys; print(' '.join(hashlib.new(a, sys.argv[1].encode()).hexdigest() for a in ['md5','sha1','sha256','sha384','sha512']))"
        let python = try runPython(script, ["héllo"])
        #expect(python.status == 0, "\(python.stderr)")
        let expected = python.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let ours = try ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"].map { try call("States.Hash('héllo', '\($0)')").stringValue ?? "" }
        #expect(ours == expected)
        #expect(failure("States.Hash('x', 'SHA-3')") == "States.IntrinsicFailure")
    }

    @Test func mergeMathSplitUUID() throws {
        #expect(try call("States.JsonMerge($.o, $.o2, false)") == ["a": 1, "b": ["d": 3]])
        #expect(failure("States.JsonMerge($.o, $.o2, true)") == "States.IntrinsicFailure")
        #expect(try call("States.MathAdd($.n, -10)") == -6)
        #expect(failure("States.MathAdd($.name, 1)") == "States.IntrinsicFailure")
        for _ in 0..<50 {
            let r = try call("States.MathRandom(1, 3)").numberValue?.intValue ?? -1
            #expect((1...3).contains(r))
        }
        #expect(try call("States.MathRandom(1, 1000, 7)") == (try call("States.MathRandom(1, 1000, 7)")))
        #expect(try call("States.StringSplit('a,b;;c', ',;')") == ["a", "b", "c"])
        let uuid = try call("States.UUID()").stringValue ?? ""
        #expect(uuid.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
    }

    @Test func nestedCallsAndMissingPaths() throws {
        #expect(try call("States.ArrayLength(States.StringSplit(States.Format('{}-{}', $.name, $.n), '-'))") == 2)
        #expect(failure("States.Format('{}', $.missing)") == "States.Runtime")
    }

    @Test(arguments: ["States.Nope(1)", "States.Format(", "States.Format('x'", "States.UUID(1)", "States.ArrayLength()",
                      "States.Format('a' 'b')", "States.MathAdd(1, two)", "States.Format('unterminated)"])
    func rejectsBadSyntax(_ text: String) {
        #expect(throws: IntrinsicSyntaxError.self) { try IntrinsicCall(parsing: text) }
    }

    /// Calls nested thousands deep overflowed the stack while parsing (10,000 levels in a
    /// debug build): AWS allows up to 10 intrinsic functions in a field, so deeper nesting is
    /// a syntax error.
    @Test func nestingBeyondTenIsRefusedNotRecursedInto() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "States.Array(", count: depth) + "1" + String(repeating: ")", count: depth)
        }
        #expect(try call(nested(10)).serialized() == "[[[[[[[[[[1]]]]]]]]]]")
        #expect(throws: IntrinsicSyntaxError.self) { try IntrinsicCall(parsing: nested(11)) }
        #expect(throws: IntrinsicSyntaxError.self) { try IntrinsicCall(parsing: nested(100_000)) }
    }

    @Test func allEighteenFunctionsAreKnown() {
        #expect(IntrinsicFunction.allCases.count == 18)
    }
}
