import Foundation
import StateMachine
import Testing

@Suite struct TaskStateTests {
    @Test func taskGetsParametersAndResultIsProcessed() async throws {
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"echo","InputPath":"$.in",
              "Parameters":{"x.$":"$.v","ctx.$":"$$.State.Name"},
              "ResultSelector":{"got.$":"$.x","name.$":"$.ctx"},"ResultPath":"$.out","OutputPath":"$.out","End":true}}}
            """, handlers: ["echo": ClosureHandler { input, context in
                #expect(context.stateName == "T")
                #expect(context.executionName == "e1")
                #expect(context.attempt == 1)
                return input
            }])
        let result = await e.run(input: ["in": ["v": 5]], executionName: "e1")
        #expect(result.output == ["got": 5, "name": "T"])
    }

    @Test func retryBacksOffExponentiallyWithCap() async throws {
        let clock = FakeClock()
        let calls = Counter()
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"flaky","End":true,
              "Retry":[{"ErrorEquals":["Busy"],"IntervalSeconds":2,"MaxAttempts":4,"BackoffRate":3,"MaxDelaySeconds":10}]}}}
            """, handlers: ["flaky": ClosureHandler { _, context in
                let n = calls.increment()
                #expect(context.attempt == n)
                if n < 5 { throw TaskFailure(error: "Busy", cause: "try again") }
                return ["attempt": .number(.integer(n))]
            }], clock: clock)
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.output == ["attempt": 5])
        #expect(clock.sleeps == [2, 6, 10, 10])
    }

    @Test func retryGivesUpAfterMaxAttemptsThenCatches() async throws {
        let clock = FakeClock()
        let calls = Counter()
        let e = try engine("""
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"bad","Next":"Done",
                   "Retry":[{"ErrorEquals":["Other"],"MaxAttempts":5},{"ErrorEquals":["States.ALL"],"MaxAttempts":2,"IntervalSeconds":1}],
                   "Catch":[{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.error","Next":"Handled"}]},
              "Handled":{"Type":"Pass","End":true},
              "Done":{"Type":"Succeed"}}}
            """, handlers: ["bad": ClosureHandler { _, _ in _ = calls.increment(); throw PlainError() }], clock: clock)
        let result = await e.run(input: ["k": 1], executionName: "e")
        #expect(calls.count == 3)
        #expect(clock.sleeps == [1, 2])
        #expect(result.output == ["k": 1, "error": ["Error": "States.TaskFailed", "Cause": "disk on fire"]])
    }

    @Test func fullJitterStaysWithinTheDelay() async throws {
        let clock = FakeClock()
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"bad","End":true,
              "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":20,"IntervalSeconds":4,"BackoffRate":1,"JitterStrategy":"FULL"}]}}}
            """, handlers: ["bad": ClosureHandler { _, _ in throw TaskFailure(error: "X", cause: nil) }], clock: clock)
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.errorName == "X")
        #expect(clock.sleeps.count == 20)
        #expect(clock.sleeps.allSatisfy { $0 >= 0 && $0 <= 4 })
        #expect(Set(clock.sleeps).count > 1)
    }

    @Test func taskTimeoutRaisesStatesTimeout() async throws {
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"slow","TimeoutSeconds":5,"End":true}}}
            """, handlers: ["slow": ClosureHandler { _, _ in
                try await Task.sleep(nanoseconds: 30_000_000_000)
                return "late"
            }])
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.errorName == "States.Timeout")
    }

    @Test func executionTimeoutEndsTheRun() async throws {
        let recorder = EventRecorder()
        let e = try engine("""
            {"StartAt":"W","TimeoutSeconds":10,"States":{"W":{"Type":"Task","Resource":"slow","End":true}}}
            """, handlers: ["slow": ClosureHandler { _, _ in
                try await Task.sleep(nanoseconds: 30_000_000_000)
                return "late"
            }], observer: recorder)
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.errorName == "States.Timeout")
        #expect(recorder.types.last == "ExecutionTimedOut")
    }

    @Test func namedFailureAndTimeoutMatching() async throws {
        // States.TaskFailed does not match States.Timeout; States.ALL does.
        let e = try engine("""
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"slow","TimeoutSeconds":1,"End":true,
                   "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"A"},{"ErrorEquals":["States.ALL"],"Next":"B"}]},
              "A":{"Type":"Pass","Result":"A","End":true},"B":{"Type":"Pass","Result":"B","End":true}}}
            """, handlers: ["slow": ClosureHandler { _, _ in try await Task.sleep(nanoseconds: 30_000_000_000); return 1 }])
        #expect(await e.run(input: [:], executionName: "e").output == "B")

        let named = try engine("""
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"busy","End":true,"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"A"}]},
              "A":{"Type":"Pass","End":true}}}
            """, handlers: ["busy": ClosureHandler { _, _ in throw TaskFailure(error: "Busy", cause: "c") }])
        #expect(await named.run(input: [:], executionName: "e").output == ["Error": "Busy", "Cause": "c"])
    }

    @Test func redriveResumesFromTheFailedState() async throws {
        let calls = Counter()
        let recorder = EventRecorder()
        let e = try engine("""
            {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"count","ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Task","Resource":"flaky","ResultPath":"$.b","Next":"C"},
              "C":{"Type":"Pass","Parameters":{"a.$":"$.a","b.$":"$.b","in.$":"$$.Execution.Input"},"End":true}}}
            """, handlers: ["count": ClosureHandler { _, _ in .number(.integer(calls.increment())) },
                            "flaky": ClosureHandler { input, _ in
                                if input["fixed"] == nil { throw TaskFailure(error: "Broken", cause: nil) }
                                return "ok"
                            }], observer: recorder)
        let first = await e.run(input: ["x": 1], executionName: "e")
        #expect(first.errorName == "Broken")
        // The failed state's entered event holds the input to redrive with.
        let entered = recorder.events.last { $0.type == "TaskStateEntered" && $0.stateName == "B" }
        var stateInput = try JSONValue(parsing: entered?.input ?? "")
        #expect(stateInput == ["x": 1, "a": 1])
        if case .object(var o) = stateInput { o["fixed"] = true; stateInput = .object(o) }
        let again = await e.redrive(fromState: "B", stateInput: stateInput, executionInput: ["x": 1], executionName: "e")
        #expect(again.output == ["a": 1, "b": "ok", "in": ["x": 1]])
        #expect(calls.count == 1)
        #expect(recorder.types.contains("ExecutionRedriven"))
        #expect(await e.redrive(fromState: "Nope", stateInput: [:], executionInput: [:], executionName: "e").errorName == "States.Runtime")
    }

    @Test func missingHandlerIsARuntimeError() async throws {
        let e = try engine(#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"nobody","End":true}}}"#)
        #expect(await e.run(input: [:], executionName: "e").errorName == "States.Runtime")
    }

    @Test func historyEventsFollowStepFunctions() async throws {
        let recorder = EventRecorder()
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"echo","Next":"C"},
              "C":{"Type":"Choice","Choices":[{"Variable":"$.ok","BooleanEquals":true,"Next":"S"}],"Default":"F"},
              "S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"No"}}}
            """, handlers: ["echo": ClosureHandler { input, _ in input }], observer: recorder)
        _ = await e.run(input: ["ok": true], executionName: "e")
        #expect(recorder.types == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                                   "TaskStateExited", "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered",
                                   "SucceedStateExited", "ExecutionSucceeded"])
        let events = recorder.events
        #expect(events.map(\.id) == Array(1...events.count))
        #expect(events.map(\.previousEventId) == Array(0..<events.count))
        #expect(events[2].resource == "echo")
        #expect(events[2].input == #"{"ok":true}"#)
        #expect(events.last?.output == #"{"ok":true}"#)

        let failing = EventRecorder()
        _ = await (try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"boom","End":true}}}
            """, handlers: ["boom": ClosureHandler { _, _ in throw TaskFailure(error: "Boom", cause: "why") }], observer: failing))
            .run(input: [:], executionName: "e")
        #expect(failing.types == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed"])
        #expect(failing.events.last?.error == "Boom")
        #expect(failing.events.last?.cause == "why")
    }
}
