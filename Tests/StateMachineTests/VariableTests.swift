import Foundation
import StateMachine
import Testing

/// Workflow variables (`Assign`, `$name`), checked against executions recorded on AWS
/// (LocalStack's AWS-validated snapshots under tests/aws/services/stepfunctions/v2/assign/,
/// named per test) and the AWS developer guide's rules; moto cannot evaluate variables here
/// (Fixtures/README.md).
@Suite struct VariableTests {
    func run(_ definition: String, _ input: JSONValue = [:], recorder: EventRecorder? = nil) async throws -> ExecutionResult {
        try await engine(definition, observer: recorder).run(input: input, executionName: "e")
    }

    /// BASE_ASSIGN_FROM_PARAMETERS and the Result variant: `$` in a Pass state's Assign is its result.
    @Test func passAssignsFromItsResult() async throws {
        let recorder = EventRecorder()
        let result = try await run("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Parameters":{"input":"PENDING"},"Assign":{"result.$":"$.input"},"Next":"B"},
              "B":{"Type":"Pass","Result":{"answer":42},"Assign":{"theAnswer.$":"$.answer"},"Next":"C"},
              "C":{"Type":"Pass","Parameters":{"r.$":"$result","a.$":"$theAnswer"},"End":true}}}
            """, recorder: recorder)
        #expect(result.output == ["r": "PENDING", "a": 42])
        let exits = recorder.events.filter { $0.type == "PassStateExited" }
        // History values are JSON text, as AWS's assignedVariables: a string keeps its quotes.
        #expect(exits.first?.assignedVariables == ["result": "\"PENDING\""])
        #expect(exits.dropFirst().first?.assignedVariables == ["theAnswer": "42"])
        #expect(exits.last?.assignedVariables == nil)
    }

    /// BASE_EVALUATION_ORDER_PASS_STATE: a state's own OutputPath still sees the value from
    /// before its Assign; the new value is visible from the next state.
    @Test func newValuesAreSeenFromTheNextState() async throws {
        let recorder = EventRecorder()
        let result = try await run("""
            {"StartAt":"State0","States":{
              "State0":{"Type":"Pass","Assign":{"answer":42},"Next":"State1"},
              "State1":{"Type":"Pass","InputPath":"$answer","ResultPath":"$.theAnswer","OutputPath":"$answer",
                        "Assign":{"answer":"<omitted>"},"Next":"State2"},
              "State2":{"Type":"Pass","Parameters":{"now.$":"$answer","before.$":"$"},"End":true}}}
            """, recorder: recorder)
        #expect(result.output == ["now": "<omitted>", "before": 42])
        let state1 = recorder.events.first { $0.type == "PassStateExited" && $0.stateName == "State1" }
        #expect(state1?.output == "42")
        #expect(state1?.assignedVariables == ["answer": "\"<omitted>\""])
    }

    /// BASE_CONSTANT_LITERALS: without `.$`, a value that looks like a path is a constant.
    @Test func plainStringsAreConstants() async throws {
        let result = try await run("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"p":"$.no.such.path","v":"$noSuchVar","f":"States.Format('x')","n":{"deep":[1,{"k.$":"$.x"}]}},"Next":"B"},
              "B":{"Type":"Pass","Parameters":{"p.$":"$p","v.$":"$v","f.$":"$f","n.$":"$n"},"End":true}}}
            """, ["x": 5])
        #expect(result.output == ["p": "$.no.such.path", "v": "$noSuchVar", "f": "States.Format('x')", "n": ["deep": [1, ["k": 5]]]])
    }

    /// base_assign_in_choice: a matching rule's Assign applies; with Default, the state's own.
    @Test func choiceRulesAndDefaultAssign() async throws {
        let definition = """
            {"StartAt":"C","States":{
              "C":{"Type":"Choice","Assign":{"status":"INCORRECT","guess.$":"$.input_value"},
                   "Choices":[{"Variable":"$.input_value","NumericEquals":42,"Assign":{"status":"CORRECT"},"Next":"Out"}],
                   "Default":"Out"},
              "Out":{"Type":"Pass","Parameters":{"status.$":"$status","guess.$":"States.JsonToString($guess)"},"End":true}}}
            """
        #expect(try await run(definition, ["input_value": "42"]).output == ["status": "INCORRECT", "guess": "\"42\""])
        // The rule's Assign replaces the state's: guess is never assigned, so reading it fails.
        #expect(try await run(definition, ["input_value": 42]).errorName == "States.Runtime")
    }

    /// BASE_REFERENCE_IN_CHOICE and BASE_REFERENCE_IN_WAIT: variables in Choice paths and SecondsPath.
    @Test func variablesInChoiceAndWait() async throws {
        let result = try await run("""
            {"StartAt":"Init","States":{
              "Init":{"Type":"Pass","Assign":{"answer":"b","pause":0,"guess":"a"},"Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Variable":"$guess","StringEqualsPath":"$answer","Next":"Done"}],"Default":"W"},
              "W":{"Type":"Wait","SecondsPath":"$pause","Assign":{"guess.$":"$answer"},"Next":"C"},
              "Done":{"Type":"Pass","Parameters":{"g.$":"$guess"},"End":true}}}
            """)
        #expect(result.output == ["g": "b"])
    }

    /// BASE_SCOPE_MAP: iterations read outer variables and assign their own; after the Map,
    /// the outer value is unchanged. MAP_STATE_REFERENCE_IN_ITEMS_PATH: ItemsPath from a variable.
    @Test func mapIterationsReadOuterVariables() async throws {
        let result = try await run("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"x":42,"items":[1,2]},"Next":"M"},
              "M":{"Type":"Map","ItemsPath":"$items","ItemProcessor":{"StartAt":"I","States":{
                  "I":{"Type":"Pass","Assign":{"innerX.$":"$x"},"Next":"J"},
                  "J":{"Type":"Pass","Parameters":{"v.$":"States.Format('{}-{}', $innerX, $)"},"End":true}}},
                "Next":"After"},
              "After":{"Type":"Pass","Parameters":{"final.$":"$x","out.$":"$"},"End":true}}}
            """)
        #expect(result.output == ["final": 42, "out": [["v": "42-1"], ["v": "42-2"]]])
    }

    /// BASE_SCOPE_PARALLEL: sibling branches may use the same name; what a branch assigns
    /// stays in it. A Parallel's own Assign reads its raw result (the branches' outputs).
    @Test func parallelBranchesHaveTheirOwnScope() async throws {
        let result = try await run("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"outer":"o"},"Next":"P"},
              "P":{"Type":"Parallel","Assign":{"first.$":"$[0]"},"ResultSelector":{"n.$":"States.ArrayLength($)"},"Next":"After",
                   "Branches":[
                     {"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"innerX":1},"Next":"B1b"},
                                              "B1b":{"Type":"Pass","Parameters":{"i.$":"$innerX","o.$":"$outer"},"End":true}}},
                     {"StartAt":"B2","States":{"B2":{"Type":"Pass","Assign":{"innerX":2},"Result":2,"End":true}}}]},
              "After":{"Type":"Pass","Parameters":{"first.$":"$first","n.$":"$.n"},"End":true}}}
            """)
        #expect(result.output == ["first": ["i": 1, "o": "o"], "n": 2])
        let leaked = try await run("""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"After","Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","Assign":{"inner":1},"End":true}}}]},
              "After":{"Type":"Pass","Parameters":{"i.$":"$inner"},"End":true}}}
            """)
        #expect(leaked.errorName == "States.Runtime")
    }

    /// The catcher's Assign replaces the state's, with `$` the error output.
    @Test func catcherAssignsFromTheErrorOutput() async throws {
        let result = try await run("""
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Assign":{"ok":true},"Next":"After",
                   "Catch":[{"ErrorEquals":["States.ALL"],"Assign":{"err.$":"$.Error","cause.$":"$.Cause"},"Next":"After"}],
                   "Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"c"}}}]},
              "After":{"Type":"Pass","Parameters":{"err.$":"$err","cause.$":"$cause"},"End":true}}}
            """)
        #expect(result.output == ["err": "Boom", "cause": "c"])
    }

    /// BASE_REFERENCE_IN_INPUTPATH / OUTPUTPATH and intrinsic arguments.
    @Test func variablesInPathsAndIntrinsics() async throws {
        let result = try await run("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Assign":{"doc":{"a":{"b":5}},"y":20,"x":1},"Next":"B"},
              "B":{"Type":"Pass","InputPath":"$doc.a","Next":"C"},
              "C":{"Type":"Pass","Parameters":{"b.$":"$.b","sum.$":"States.MathAdd(States.MathAdd($y, $x), $doc.a.b)"},"End":true}}}
            """)
        #expect(result.output == ["b": 5, "sum": 26])
    }

    @Test func assignmentsAreLimitedInSize() async throws {
        let big = String(repeating: "x", count: 300_000)
        let result = try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"v.$":"$.big"},"End":true}}}"#,
                                   ["big": .string(big)])
        #expect(result.errorName == "States.Runtime")
        #expect(result.cause?.contains("256 KiB") == true)
    }

    @Test func definitionRulesForVariables() {
        func check(_ text: String) -> DefinitionParseResult { StateMachineDefinition.check(Data(text.utf8), knownResources: nil) }
        // An inner scope may read an outer variable but not assign it.
        let outerAssigned = check("""
            {"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x":1},"Next":"M"},
              "M":{"Type":"Map","ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Assign":{"x":2},"End":true}}},"End":true}}}
            """)
        #expect(outerAssigned.problems.contains { $0.field == "States.M.ItemProcessor.States.I.Assign" && $0.message.contains("enclosing scope") },
                "\(outerAssigned.problems)")
        #expect(!check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"states":1},"End":true}}}"#).problems.isEmpty)
        #expect(!check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"x.y":1},"End":true}}}"#).problems.isEmpty)
        #expect(!check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"9lives":1},"End":true}}}"#).problems.isEmpty)
        #expect(!check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":[1],"End":true}}}"#).problems.isEmpty)
        #expect(check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":"$x","Assign":{"x":1},"End":true}}}"#)
            .problems.contains { $0.field == "ResultPath" })
        // Succeed and Fail take no Assign.
        #expect(!check(#"{"StartAt":"A","States":{"A":{"Type":"Succeed","Assign":{"x":1}}}}"#).problems.isEmpty)
        // Reading a variable nothing assigns is valid but suspicious: a warning.
        let unassigned = check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"$nothing"},"End":true}}}"#)
        #expect(unassigned.problems.isEmpty && unassigned.definition != nil)
        #expect(unassigned.warnings.contains { $0.message.contains("'$nothing' is not assigned") })
        let assigned = check(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Assign":{"v":1},"Next":"B"},"B":{"Type":"Pass","Parameters":{"v.$":"$v"},"End":true}}}"#)
        #expect(assigned.warnings.isEmpty && assigned.problems.isEmpty)
    }
}
