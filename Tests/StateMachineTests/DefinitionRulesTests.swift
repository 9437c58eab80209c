import Foundation
import StateMachine
import Testing

/// The rules AWS's validator enforces beyond each field's own shape: unique names across the
/// machine, unique JSON keys, a field or its path form, heartbeats shorter than timeouts,
/// text comments and intrinsic literals of the right type.
@Suite struct DefinitionRulesTests {
    func problems(_ json: String) -> [ValidationProblem] {
        StateMachineDefinition.check(Data(json.utf8), knownResources: nil).problems
    }

    func expectProblem(_ json: String, state: String, field: String, containing text: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(json)
        #expect(found.contains { $0.statePath == state && $0.field == field && text.map($0.message.contains) ?? true },
                "expected a problem at \(state) / \(field), got: \(found.map(\.description))", sourceLocation: sourceLocation)
        // One parser: what `check` reports is exactly what `parse` throws.
        do {
            _ = try StateMachineDefinition.parse(json)
            Issue.record("parse accepted what check rejects", sourceLocation: sourceLocation)
        } catch DefinitionError.invalid(let thrown) {
            #expect(thrown == found, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func stateNamesAreUniqueAcrossBranchesAndProcessors() {
        let branch = #"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Parallel","Branches":[\#(branch)],"End":true}}}"#,
                      state: "States.A.Branches[0].States.A", field: "", containing: "already used by States.A")
        let twoBranches = #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[\#(branch),\#(branch)],"End":true}}}"#
        expectProblem(twoBranches, state: "States.P.Branches[1].States.A", field: "", containing: "States.P.Branches[0].States.A")
        let map = #"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}},"Next":"X"},"X":{"Type":"Succeed"}}}"#
        expectProblem(map, state: "States.X", field: "", containing: "States.M.ItemProcessor.States.X")
        // Different names in different branches are fine.
        let fine = #"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B1","States":{"B1":{"Type":"Succeed"}}},{"StartAt":"B2","States":{"B2":{"Type":"Succeed"}}}],"End":true}}}"#
        #expect(problems(fine).isEmpty)
    }

    @Test func aRepeatedKeyIsAProblemWhereverItIs() throws {
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"Result":2,"End":true}}}"#,
                      state: "", field: "States.A.Result", containing: "more than once")
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"l":[{"x":1,"x":2}]},"End":true}}}"#,
                      state: "", field: "States.A.Parameters.l[0].x")
        expectProblem(#"{"StartAt":"A","StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#, state: "", field: "StartAt")
        // A repeated state name is a repeated key of States.
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Succeed"},"A":{"Type":"Succeed"}}}"#, state: "", field: "States.A")
        // Execution input is not a definition: JSON's last-wins applies there.
        #expect(try JSONValue(parsing: #"{"a":1,"a":2}"#)["a"] == 2)
    }

    @Test func aTemplateFieldIsAValueOrAPathNotBoth() {
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"x":1,"x.$":"$.y"},"End":true}}}"#,
                      state: "States.A", field: "Parameters.x", containing: "'x.$'")
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","ResultSelector":{"in":{"v":1,"v.$":"$.v"}},"End":true}}}"#,
                      state: "States.A", field: "ResultSelector.in.v")
        expectProblem(#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemSelector":{"i.$":"$$.Map.Item.Value","i":0},"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}}}"#,
                      state: "States.M", field: "ItemSelector.i")
    }

    @Test func aFieldAndItsPathFormExcludeEachOther() {
        let task = { (fields: String) in #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r",\#(fields),"End":true}}}"# }
        expectProblem(task(#""TimeoutSeconds":5,"TimeoutSecondsPath":"$.t""#), state: "States.A", field: "TimeoutSecondsPath")
        expectProblem(task(#""HeartbeatSeconds":5,"HeartbeatSecondsPath":"$.h""#), state: "States.A", field: "HeartbeatSecondsPath")
        let map = { (fields: String) in
            #"{"StartAt":"M","States":{"M":{"Type":"Map",\#(fields),"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"End":true}}}"#
        }
        expectProblem(map(#""MaxConcurrency":1,"MaxConcurrencyPath":"$.m""#), state: "States.M", field: "MaxConcurrencyPath")
        expectProblem(map(#""ToleratedFailureCount":1,"ToleratedFailureCountPath":"$.c""#), state: "States.M", field: "ToleratedFailureCountPath")
        expectProblem(map(#""ToleratedFailurePercentage":1,"ToleratedFailurePercentagePath":"$.p""#),
                      state: "States.M", field: "ToleratedFailurePercentagePath")
        expectProblem(#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","ErrorPath":"$.e"}}}"#, state: "States.F", field: "ErrorPath")
        #expect(problems(task(#""TimeoutSecondsPath":"$.t","HeartbeatSecondsPath":"$.h""#)).isEmpty)
    }

    @Test func aHeartbeatMustBeShorterThanTheTimeout() {
        let task = { (fields: String) in #"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r",\#(fields),"End":true}}}"# }
        expectProblem(task(#""TimeoutSeconds":10,"HeartbeatSeconds":10"#), state: "States.A", field: "HeartbeatSeconds", containing: "smaller")
        expectProblem(task(#""TimeoutSeconds":10,"HeartbeatSeconds":60"#), state: "States.A", field: "HeartbeatSeconds")
        #expect(problems(task(#""TimeoutSeconds":10,"HeartbeatSeconds":9"#)).isEmpty)
        #expect(problems(task(#""HeartbeatSeconds":600"#)).isEmpty)
    }

    @Test func commentsAreStringsAtEveryLevel() {
        expectProblem(#"{"Comment":1,"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#, state: "", field: "Comment")
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Succeed","Comment":{}}}}"#, state: "States.A", field: "Comment")
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","Retry":[{"ErrorEquals":["X"],"Comment":true}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"B","Comment":null}],"End":true},"B":{"Type":"Succeed"}}}"#,
                      state: "States.A", field: "Retry[0].Comment")
        expectProblem(#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"r","Catch":[{"ErrorEquals":["States.ALL"],"Next":"B","Comment":null}],"End":true},"B":{"Type":"Succeed"}}}"#,
                      state: "States.A", field: "Catch[0].Comment")
        expectProblem(#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Comment":2,"Variable":"$.a","IsNull":true,"Next":"S"}]},"S":{"Type":"Succeed"}}}"#,
                      state: "States.C", field: "Choices[0].Comment")
        expectProblem(#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"Comment":[],"StartAt":"X","States":{"X":{"Type":"Succeed"}}}],"End":true}}}"#,
                      state: "States.P.Branches[0]", field: "Comment")
        // Inside a payload template, "Comment" is the user's data.
        #expect(problems(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"Comment":5},"End":true}}}"#).isEmpty)
    }

    @Test func intrinsicLiteralsMustFitTheSignature() {
        let pass = { (expression: String) in #"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"\#(expression)"},"End":true}}}"# }
        expectProblem(pass("States.MathAdd('1', 2)"), state: "States.A", field: "Parameters.v.$", containing: "argument 1 must be a number")
        expectProblem(pass("States.ArrayLength('abc')"), state: "States.A", field: "Parameters.v.$", containing: "an array")
        expectProblem(pass("States.Format(1, 2)"), state: "States.A", field: "Parameters.v.$", containing: "a string")
        expectProblem(pass("States.ArrayGetItem($.a, 'x')"), state: "States.A", field: "Parameters.v.$", containing: "an integer")
        expectProblem(pass("States.JsonMerge($.a, $.b, 'no')"), state: "States.A", field: "Parameters.v.$", containing: "a boolean")
        expectProblem(pass("States.Format('{}', States.Base64Encode(5))"), state: "States.A", field: "Parameters.v.$")
        expectProblem(#"{"StartAt":"F","States":{"F":{"Type":"Fail","CausePath":"States.Format(true)"}}}"#, state: "States.F", field: "CausePath")
        // Paths and nested calls are checked when evaluated; literals of the right type pass.
        #expect(problems(pass("States.MathAdd($.a, -2)")).isEmpty)
        #expect(problems(pass("States.Format('{} and {}', 1, States.ArrayLength($.x))")).isEmpty)
        #expect(problems(pass("States.ArrayContains($.a, 'x')")).isEmpty)
        #expect(problems(pass("States.JsonToString(null)")).isEmpty)
    }

    @Test func tolerancesMayComeFromTheInput() async throws {
        let definition = try StateMachineDefinition.parse("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCountPath":"$.tolerate","ItemsPath":"$.items",
              "ItemProcessor":{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThanEquals":8,"Next":"F"}],"Default":"OK"},
                "F":{"Type":"Fail","Error":"TooBig"},"OK":{"Type":"Pass","End":true}}},"End":true}}}
            """)
        let items = JSONValue.array((0..<10).map { .number(.integer($0)) })
        let engine = ExecutionEngine(definition: definition, handlers: [:])
        let tolerant = await engine.run(input: .object(JSONObject([("tolerate", 2), ("items", items)])), executionName: "a")
        #expect(tolerant.output?.arrayValue?.count == 10)
        let strict = await engine.run(input: .object(JSONObject([("tolerate", 1), ("items", items)])), executionName: "b")
        #expect(strict.errorName == "States.ExceedToleratedFailureThreshold")
        let bad = await engine.run(input: .object(JSONObject([("tolerate", "x"), ("items", items)])), executionName: "c")
        #expect(bad.errorName == "States.Runtime")
    }
}
