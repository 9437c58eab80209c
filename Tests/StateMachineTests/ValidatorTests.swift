import Foundation
import StateMachine
import Testing

@Suite struct ValidatorTests {
    func problems(_ json: String, knownResources: Set<String>? = nil) -> [ValidationProblem] {
        StateMachineDefinition.check(Data(json.utf8), knownResources: knownResources).problems
    }

    /// Wraps states into a machine starting at the first one.
    func machine(_ states: String, start: String = "A") -> String {
        #"{"StartAt":"\#(start)","States":{\#(states)}}"#
    }

    func expectProblem(_ json: String, state: String, field: String, knownResources: Set<String>? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let found = problems(json, knownResources: knownResources)
        #expect(found.contains { $0.statePath == state && $0.field == field },
                "expected a problem at \(state) / \(field), got: \(found.map(\.description))", sourceLocation: sourceLocation)
    }

    @Test func aValidDefinitionHasNoProblems() {
        let json = machine("""
            "A":{"Type":"Task","Resource":"r","Next":"B","Retry":[{"ErrorEquals":["X"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"]}],
                 "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.e","Next":"F"}],"TimeoutSeconds":10},
            "B":{"Type":"Choice","Choices":[{"Not":{"Variable":"$.x","IsPresent":true},"Next":"W"}],"Default":"M"},
            "W":{"Type":"Wait","Seconds":0,"Next":"P"},
            "P":{"Type":"Parallel","Branches":[{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}],"Next":"M"},
            "M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Y","States":{"Y":{"Type":"Pass","End":true}}},
                 "ItemSelector":{"v.$":"$$.Map.Item.Value","h.$":"States.Hash($.a, 'MD5')"},"MaxConcurrency":2,"End":true},
            "F":{"Type":"Fail","Error":"E"}
            """)
        #expect(problems(json, knownResources: ["r"]).isEmpty)
        #expect(problems("not json").count == 1)
    }

    @Test func startAtAndTransitionTargetsMustExist() {
        expectProblem(machine(#""A":{"Type":"Succeed"}"#, start: "Nope"), state: "", field: "StartAt")
        expectProblem(machine(#""A":{"Type":"Pass","Next":"Nope"}"#), state: "States.A", field: "Next")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"Z"}],"Default":"Q"}"#),
                      state: "States.A", field: "Choices[0].Next")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true,"Next":"A"}],"Default":"Q"}"#),
                      state: "States.A", field: "Default")
        expectProblem(machine(#""A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["X"],"Next":"Q"}]}"#),
                      state: "States.A", field: "Catch[0].Next")
    }

    @Test func endXorNext() {
        expectProblem(machine(#""A":{"Type":"Pass","Next":"B","End":true},"B":{"Type":"Succeed"}"#), state: "States.A", field: "Next")
        expectProblem(machine(#""A":{"Type":"Pass"}"#), state: "States.A", field: "Next")
        expectProblem(machine(#""A":{"Type":"Succeed","Next":"A"}"#), state: "States.A", field: "Next")
    }

    @Test func terminalAndReachability() {
        expectProblem(machine(#""A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}"#), state: "", field: "States")
        expectProblem(machine(#""A":{"Type":"Succeed"},"Orphan":{"Type":"Succeed"}"#), state: "States.Orphan", field: "")
    }

    @Test func fieldsAllowedPerType() {
        expectProblem(machine(#""A":{"Type":"Pass","Resource":"r","End":true}"#), state: "States.A", field: "Resource")
        expectProblem(machine(#""A":{"Type":"Succeed","ResultPath":"$.x"}"#), state: "States.A", field: "ResultPath")
        expectProblem(machine(#""A":{"Type":"Fail","InputPath":"$"}"#), state: "States.A", field: "InputPath")
        expectProblem(machine(#""A":{"Type":"Bogus"}"#), state: "States.A", field: "Type")
        expectProblem(machine(#""A":{"End":true}"#), state: "States.A", field: "Type")
    }

    @Test func choiceRules() {
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[]}"#), state: "States.A", field: "Choices")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEquals":"x","NumericEquals":1,"Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0]")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0]")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEquals":"1","Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0].NumericEquals")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","TimestampEquals":"yesterday","Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0].TimestampEquals")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"StringEquals":"x","Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0].Variable")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","IsNull":true}]}"#), state: "States.A", field: "Choices[0].Next")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.a","IsNull":true,"Next":"B"}],"Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0].And[0].Next")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","StringMatchesPath":"$.b","Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0].StringMatchesPath")
        expectProblem(machine(#""A":{"Type":"Choice","Choices":[{"Variable":"$.a","NumericEqualsPath":"nope","Next":"B"}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A", field: "Choices[0].NumericEqualsPath")
    }

    @Test func waitNeedsExactlyOneDuration() {
        expectProblem(machine(#""A":{"Type":"Wait","End":true}"#), state: "States.A", field: "Seconds")
        expectProblem(machine(#""A":{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","End":true}"#), state: "States.A", field: "Seconds/SecondsPath")
        expectProblem(machine(#""A":{"Type":"Wait","Seconds":-1,"End":true}"#), state: "States.A", field: "Seconds")
        expectProblem(machine(#""A":{"Type":"Wait","Timestamp":"tomorrow","End":true}"#), state: "States.A", field: "Timestamp")
        expectProblem(machine(#""A":{"Type":"Wait","SecondsPath":"$.a[*]","End":true}"#), state: "States.A", field: "SecondsPath")
    }

    @Test func retryAndCatchRanges() {
        let retry = { (r: String) in machine(#""A":{"Type":"Task","Resource":"r","End":true,"Retry":[\#(r)]}"#) }
        expectProblem(retry(#"{"ErrorEquals":["X"],"MaxAttempts":-1}"#), state: "States.A", field: "Retry[0].MaxAttempts")
        expectProblem(retry(#"{"ErrorEquals":["X"],"BackoffRate":0.5}"#), state: "States.A", field: "Retry[0].BackoffRate")
        expectProblem(retry(#"{"ErrorEquals":["X"],"IntervalSeconds":0}"#), state: "States.A", field: "Retry[0].IntervalSeconds")
        expectProblem(retry(#"{"ErrorEquals":["X"],"MaxDelaySeconds":0}"#), state: "States.A", field: "Retry[0].MaxDelaySeconds")
        expectProblem(retry(#"{"ErrorEquals":["X"],"JitterStrategy":"SOME"}"#), state: "States.A", field: "Retry[0].JitterStrategy")
        expectProblem(retry(#"{"ErrorEquals":[]}"#), state: "States.A", field: "Retry[0].ErrorEquals")
        expectProblem(retry(#"{"ErrorEquals":["States.ALL","X"]}"#), state: "States.A", field: "Retry[0].ErrorEquals")
        expectProblem(retry(#"{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"]}"#), state: "States.A", field: "Retry[0].ErrorEquals")
        expectProblem(retry(#"{"ErrorEquals":["X"],"Bogus":1}"#), state: "States.A", field: "Retry[0].Bogus")
        expectProblem(machine(#""A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["States.ALL"],"Next":"A"},{"ErrorEquals":["X"],"Next":"A"}]}"#),
                      state: "States.A", field: "Catch[0].ErrorEquals")
        expectProblem(machine(#""A":{"Type":"Task","Resource":"r","End":true,"Catch":[{"ErrorEquals":["X"],"Next":"A","ResultPath":"$.a[*]"}]}"#),
                      state: "States.A", field: "Catch[0].ResultPath")
    }

    @Test func pathsAndTemplates() {
        expectProblem(machine(#""A":{"Type":"Pass","InputPath":"a.b","End":true}"#), state: "States.A", field: "InputPath")
        expectProblem(machine(#""A":{"Type":"Pass","OutputPath":"$[","End":true}"#), state: "States.A", field: "OutputPath")
        expectProblem(machine(#""A":{"Type":"Pass","ResultPath":"$.items[*]","End":true}"#), state: "States.A", field: "ResultPath")
        expectProblem(machine(#""A":{"Type":"Pass","ResultPath":"$$.x","End":true}"#), state: "States.A", field: "ResultPath")
        expectProblem(machine(#""A":{"Type":"Pass","Parameters":{"x.$":"States.Nope($.a)"},"End":true}"#), state: "States.A", field: "Parameters.x.$")
        expectProblem(machine(#""A":{"Type":"Pass","Parameters":{"o":{"x.$":"$.a["}},"End":true}"#), state: "States.A", field: "Parameters.o.x.$")
        expectProblem(machine(#""A":{"Type":"Pass","Parameters":{"x.$":42},"End":true}"#), state: "States.A", field: "Parameters.x.$")
        expectProblem(machine(#""A":{"Type":"Task","Resource":"r","ResultSelector":{"x.$":"nope"},"End":true}"#), state: "States.A", field: "ResultSelector.x.$")
        expectProblem(machine(#""A":{"Type":"Map","ItemsPath":"$..x","ItemProcessor":{"StartAt":"B","States":{"B":{"Type":"Succeed"}}},"End":true}"#),
                      state: "States.A", field: "ItemsPath")
    }

    @Test func namesTopLevelFieldsAndResources() {
        let long = String(repeating: "n", count: 81)
        expectProblem(machine(#""\#(long)":{"Type":"Succeed"}"#, start: long), state: "States.\(long)", field: "")
        #expect(problems(machine(#""\#(String(repeating: "n", count: 80))":{"Type":"Succeed"}"#, start: String(repeating: "n", count: 80))).isEmpty)
        expectProblem(#"{"StartAt":"A","Strat":1,"States":{"A":{"Type":"Succeed"}}}"#, state: "", field: "Strat")
        expectProblem(#"{"StartAt":"A","States":{}}"#, state: "", field: "States")
        expectProblem(#"{"StartAt":"A","TimeoutSeconds":0,"States":{"A":{"Type":"Succeed"}}}"#, state: "", field: "TimeoutSeconds")
        expectProblem(machine(#""A":{"Type":"Task","Resource":"unknown","End":true}"#), state: "States.A", field: "Resource", knownResources: ["medallion:bronze"])
        #expect(problems(machine(#""A":{"Type":"Task","Resource":"unknown","End":true}"#)).isEmpty)
        expectProblem(machine(#""A":{"Type":"Task","End":true}"#), state: "States.A", field: "Resource")
        expectProblem(machine(#""A":{"Type":"Task","Resource":"r","TimeoutSeconds":0,"End":true}"#), state: "States.A", field: "TimeoutSeconds")
    }

    @Test func nestedMachinesAreCheckedWithTheirPath() {
        expectProblem(machine(#""A":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","Next":"Gone"}}}]}"#),
                      state: "States.A.Branches[0].States.X", field: "Next")
        expectProblem(machine(#""A":{"Type":"Parallel","End":true,"Branches":[]}"#), state: "States.A", field: "Branches")
        expectProblem(machine(#""A":{"Type":"Map","End":true}"#), state: "States.A", field: "ItemProcessor")
        expectProblem(machine(#""A":{"Type":"Map","End":true,"Iterator":{"StartAt":"X","States":{"X":{"Type":"Task","Resource":"bad","End":true}}}}"#),
                      state: "States.A.Iterator.States.X", field: "Resource", knownResources: [])
        expectProblem(machine(#""A":{"Type":"Map","End":true,"MaxConcurrency":-1,"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}}"#),
                      state: "States.A", field: "MaxConcurrency")
        expectProblem(machine(#""A":{"Type":"Map","End":true,"ToleratedFailurePercentage":101,"ItemProcessor":{"StartAt":"X","States":{"X":{"Type":"Succeed"}}}}"#),
                      state: "States.A", field: "ToleratedFailurePercentage")
        expectProblem(machine(#""A":{"Type":"Map","End":true,"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"X","States":{"X":{"Type":"Succeed"}}}}"#),
                      state: "States.A.ItemProcessor", field: "ProcessorConfig.Mode")
        // A branch cannot jump to a state of the outer machine.
        expectProblem(machine(#""A":{"Type":"Parallel","Next":"B","Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","Next":"B"}}}]},"B":{"Type":"Succeed"}"#),
                      state: "States.A.Branches[0].States.X", field: "Next")
    }

    @Test func failStateFields() {
        expectProblem(machine(#""A":{"Type":"Fail","Error":"E","ErrorPath":"$.e"}"#), state: "States.A", field: "ErrorPath")
        expectProblem(machine(#""A":{"Type":"Fail","CausePath":"States.Nope()"}"#), state: "States.A", field: "CausePath")
    }

    @Test func definitionListsTaskResourcesAtAnyDepth() throws {
        let definition = try StateMachineDefinition.parse(Data(machine("""
            "A":{"Type":"Task","Resource":"r1","Next":"B"},
            "B":{"Type":"Parallel","Next":"C","Branches":[{"StartAt":"X","States":{"X":{"Type":"Task","Resource":"r2","End":true}}}]},
            "C":{"Type":"Map","End":true,"Iterator":{"StartAt":"Y","States":{"Y":{"Type":"Task","Resource":"r3","End":true}}}}
            """).utf8))
        #expect(definition.taskResources == ["r1", "r2", "r3"])
        #expect(throws: DefinitionError.self) {
            try StateMachineDefinition.parse(Data(machine(#""A":{"Type":"Task","Resource":"r1","End":true}"#).utf8), knownResources: ["r2"])
        }
    }

    @Test func parseThrowsWithEveryProblem() {
        #expect(throws: DefinitionError.self) { try StateMachineDefinition.parse(Data(machine(#""A":{"Type":"Pass"}"#).utf8)) }
        do {
            _ = try StateMachineDefinition.parse(Data(machine(#""A":{"Type":"Pass","Next":"X"},"B":{"Type":"Wait"}"#).utf8))
        } catch DefinitionError.invalid(let problems) {
            #expect(problems.count >= 4)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
