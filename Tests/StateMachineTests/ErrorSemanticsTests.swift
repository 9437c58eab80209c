import Foundation
@testable import StateMachine
import Testing

/// Predefined `States.*` error names and where they arise, per the AWS Step Functions developer
/// guide ("Handling errors in Step Functions workflows") and the States Language specification.
@Suite struct ErrorSemanticsTests {
    func run(_ definition: String, _ input: JSONValue = [:], handlers: [String: any TaskHandler] = [:]) async throws -> ExecutionResult {
        try await engine(definition, handlers: handlers).run(input: input, executionName: "e")
    }

    @Test func pathsThatMatchNothingAreRuntimeErrors() async throws {
        #expect(try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.x","End":true}}}"#).errorName == "States.Runtime")
        #expect(try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","OutputPath":"$.x","End":true}}}"#).errorName == "States.Runtime")
        #expect(try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"$.x"},"End":true}}}"#).errorName == "States.Runtime")
        // A path that selects JSON null is a match, not a failure.
        #expect(try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"v.$":"$.x"},"End":true}}}"#, ["x": nil]).output == ["v": nil])
    }

    @Test func statesAllDoesNotCatchRuntimeErrors() async throws {
        let result = try await run("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"ok","InputPath":"$.nope","End":true,
              "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3}],
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}]},"C":{"Type":"Succeed"}}}
            """, handlers: ["ok": ClosureHandler { input, _ in input }])
        #expect(result.errorName == "States.Runtime")
    }

    @Test func resultPathThatCannotBeAppliedIsResultPathMatchFailure() async throws {
        let result = try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.s.x","End":true}}}"#, ["s": "text"])
        #expect(result.errorName == "States.ResultPathMatchFailure")
        let onArray = try await run(#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":1,"ResultPath":"$.x","End":true}}}"#, [1, 2])
        #expect(onArray.errorName == "States.ResultPathMatchFailure")
    }

    @Test func itemsPathThatIsNotAnArrayIsARuntimeError() async throws {
        let result = try await run("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","End":true,
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}}}}
            """, ["items": ["a": 1]])
        #expect(result.errorName == "States.Runtime")
    }

    @Test func choiceWithoutMatchOrDefaultIsNoChoiceMatched() async throws {
        let result = try await run("""
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.v","NumericEquals":1,"Next":"D"}]},
              "D":{"Type":"Succeed"}}}
            """, ["v": 2])
        #expect(result.errorName == "States.NoChoiceMatched")
    }

    @Test func failStateErrorPathAndCausePath() async throws {
        let result = try await run("""
            {"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"States.Format('bad {}', $.n)"}}}
            """, ["e": "MyError", "n": 3])
        #expect(result.errorName == "MyError")
        #expect(result.cause == "bad 3")
        let fromContext = try await run(#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","CausePath":"$$.State.Name"}}}"#)
        #expect(fromContext.cause == "F")
        let notAString = try await run(#"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e"}}}"#, ["e": 1])
        #expect(notAString.errorName == "States.Runtime")
    }

    @Test func parallelFailsWithTheBranchErrorAndCatchSeesIt() async throws {
        let result = try await run("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Ok",
              "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}},
                          {"StartAt":"B","States":{"B":{"Type":"Fail","Error":"Boom","Cause":"branch b"}}}],
              "Catch":[{"ErrorEquals":["Boom"],"ResultPath":"$.err","Next":"Caught"}]},
              "Ok":{"Type":"Succeed"},"Caught":{"Type":"Pass","End":true}}}
            """, ["in": 1])
        #expect(result.output == ["in": 1, "err": ["Error": "Boom", "Cause": "branch b"]])
        let uncaught = try await run("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
              "Branches":[{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"Boom","Cause":"branch b"}}}]}}}
            """)
        #expect(uncaught.errorName == "Boom")
        #expect(uncaught.cause == "branch b")
    }

    @Test func mapFailsWithTheIterationError() async throws {
        let result = try await run("""
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
              "ItemProcessor":{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":3,"Next":"F"}],"Default":"P"},
                "F":{"Type":"Fail","Error":"Three","Cause":"item 3"},"P":{"Type":"Pass","End":true}}}}}}
            """, [1, 2, 3, 4])
        #expect(result.errorName == "Three")
        #expect(result.cause == "item 3")
    }

    @Test func firstMatchingRetrierDecidesThenCatchersInOrder() async throws {
        let clock = FakeClock()
        let calls = Counter()
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"bad","End":true,
              "Retry":[{"ErrorEquals":["E"],"MaxAttempts":1,"IntervalSeconds":1},
                       {"ErrorEquals":["States.ALL"],"MaxAttempts":5,"IntervalSeconds":7}],
              "Catch":[{"ErrorEquals":["Other"],"Next":"X"},{"ErrorEquals":["States.TaskFailed"],"Next":"Y"},
                       {"ErrorEquals":["States.ALL"],"Next":"Z"}]},
              "X":{"Type":"Pass","Result":"x","End":true},"Y":{"Type":"Pass","Result":"y","End":true},
              "Z":{"Type":"Pass","Result":"z","End":true}}}
            """, handlers: ["bad": ClosureHandler { _, _ in _ = calls.increment(); throw TaskFailure(error: "E", cause: "c") }], clock: clock)
        let result = await e.run(input: [:], executionName: "e")
        // The exhausted first retrier does not hand over to the States.ALL retrier.
        #expect(calls.count == 2)
        #expect(clock.sleeps == [1])
        #expect(result.output == "y")
    }

    @Test func statesTaskFailedDoesNotMatchTimeouts() async throws {
        let result = try await run("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"slow","TimeoutSeconds":1,"End":true,
              "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Y"},{"ErrorEquals":["States.Timeout"],"ResultPath":"$.e","Next":"Z"}]},
              "Y":{"Type":"Pass","Result":"y","End":true},"Z":{"Type":"Pass","End":true}}}
            """, handlers: ["slow": ClosureHandler { _, _ in try await Task.sleep(nanoseconds: 30_000_000_000); return nil }])
        #expect(result.output?.objectValue?["e"]?.objectValue?["Error"] == "States.Timeout")
    }

    @Test func statesAllMustBeAloneAndLast() {
        #expect(throws: DefinitionError.self) {
            try StateMachineDefinition.parse(Data("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true,
                  "Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["E"]}]}}}
                """.utf8))
        }
        #expect(throws: DefinitionError.self) {
            try StateMachineDefinition.parse(Data("""
                {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true,
                  "Catch":[{"ErrorEquals":["States.ALL","E"],"Next":"T"}]}}}
                """.utf8))
        }
    }

    @Test func runtimeErrorsCannotBeCaughtEvenByName() async throws {
        let result = try await run("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"ok","OutputPath":"$.nope","End":true,
              "Retry":[{"ErrorEquals":["States.Runtime"],"MaxAttempts":3}],
              "Catch":[{"ErrorEquals":["States.Runtime"],"Next":"C"}]},"C":{"Type":"Succeed"}}}
            """, handlers: ["ok": ClosureHandler { input, _ in input }])
        #expect(result.errorName == "States.Runtime")
    }

    /// The developer guide's worked example ("Retry behavior"): a task fails with ErrorA, ErrorB,
    /// ErrorC, ErrorB; the first two use the first retrier (waits 1 s and 2 s), ErrorC the second
    /// (5 s), and the last ErrorB finds the first retrier exhausted, so the catcher takes over.
    @Test func developerGuideRetryExample() async throws {
        let clock = FakeClock()
        let calls = Counter()
        let errors = ["ErrorA", "ErrorB", "ErrorC", "ErrorB", "Unexpected"]
        let e = try engine("""
            {"StartAt":"X","States":{"X":{"Type":"Task","Resource":"x","Next":"Y",
              "Retry":[{"ErrorEquals":["ErrorA","ErrorB"],"IntervalSeconds":1,"BackoffRate":2.0,"MaxAttempts":2},
                       {"ErrorEquals":["ErrorC"],"IntervalSeconds":5}],
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Z"}]},
              "Y":{"Type":"Pass","Result":"y","End":true},"Z":{"Type":"Pass","Result":"z","End":true}}}
            """, handlers: ["x": ClosureHandler { _, _ in
                let n = calls.increment()
                throw TaskFailure(error: errors[n - 1], cause: nil)
            }], clock: clock)
        let result = await e.run(input: [:], executionName: "e")
        #expect(calls.count == 4)
        #expect(clock.sleeps == [1, 2, 5])
        #expect(result.output == "z")
    }
}
