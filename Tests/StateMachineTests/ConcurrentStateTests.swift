import Foundation
import StateMachine
import Testing

@Suite struct ConcurrentStateTests {
    let sleepy = ClosureHandler { input, _ in
        try await Task.sleep(nanoseconds: UInt64((input.numberValue?.intValue ?? 1) * 1_000_000))
        return input
    }

    @Test func parallelKeepsBranchOrderWhateverFinishesFirst() async throws {
        let e = try engine("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"sleep","InputPath":"$.a","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"sleep","InputPath":"$.b","End":true}}},
              {"StartAt":"C","States":{"C":{"Type":"Pass","Result":"c","End":true}}}]}}}
            """, handlers: ["sleep": sleepy])
        #expect(await e.run(input: ["a": 40, "b": 1], executionName: "e").output == [40, 1, "c"])
    }

    @Test func aFailingBranchCancelsTheOthers() async throws {
        let finished = Counter()
        let e = try engine("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"slow","End":true}}},
              {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Broken","Cause":"b"}}}]}}}
            """, handlers: ["slow": ClosureHandler { _, _ in
                try await Task.sleep(nanoseconds: 20_000_000_000)
                _ = finished.increment()
                return 1
            }])
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.errorName == "Broken")
        #expect(result.cause == "b")
        // Had the slow branch not been cancelled, the run would have waited for it to finish.
        #expect(finished.count == 0)
    }

    @Test func aFailingIterationCancelsTheRestOfTheMap() async throws {
        let finished = Counter()
        let e = try engine("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"work","End":true}}},"End":true}}}
            """, handlers: ["work": ClosureHandler { input, _ in
                if input == 0 { throw TaskFailure(error: "First", cause: "item 0") }
                try await Task.sleep(nanoseconds: 20_000_000_000)
                _ = finished.increment()
                return input
            }])
        let result = await e.run(input: [0, 1, 2, 3, 4], executionName: "e")
        #expect(result.errorName == "First")
        // Had the other iterations not been cancelled, the run would have waited for them.
        #expect(finished.count == 0)
    }

    @Test func mapHonoursMaxConcurrencyAndKeepsOrder() async throws {
        let counter = Counter()
        let e = try engine("""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,"ItemsPath":"$.items",
              "ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"work","End":true}}},"End":true}}}
            """, handlers: ["work": ClosureHandler { input, _ in
                counter.enter()
                defer { counter.leave() }
                try await Task.sleep(nanoseconds: 2_000_000)
                return .number(.integer((input.numberValue?.intValue ?? 0) * 10))
            }])
        let items = JSONValue.array((0..<30).map { .number(.integer($0)) })
        let result = await e.run(input: ["items": items], executionName: "e")
        #expect(result.output == .array((0..<30).map { .number(.integer($0 * 10)) }))
        #expect(counter.maxActive <= 3)
        #expect(counter.maxActive >= 2)
    }

    @Test func mapRunsIterationsConcurrentlyWhenUnlimited() async throws {
        let counter = Counter()
        let e = try engine("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"work","End":true}}},"End":true}}}
            """, handlers: ["work": ClosureHandler { input, _ in
                counter.enter()
                defer { counter.leave() }
                try await Task.sleep(nanoseconds: 20_000_000)
                return input
            }])
        _ = await e.run(input: .array((0..<10).map { .number(.integer($0)) }), executionName: "e")
        #expect(counter.maxActive > 3)
    }

    @Test func toleratedFailuresAndTheThreshold() async throws {
        let definition = { (tolerance: String) in """
            {"StartAt":"M","States":{"M":{"Type":"Map",\(tolerance),
              "ItemProcessor":{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThanEquals":8,"Next":"F"}],"Default":"OK"},
                "F":{"Type":"Fail","Error":"TooBig","Cause":"big"},"OK":{"Type":"Pass","End":true}}},"End":true}}}
            """ }
        let input = JSONValue.array((0..<10).map { .number(.integer($0)) })
        let tolerated = await (try engine(definition(#""ToleratedFailureCount":2"#))).run(input: input, executionName: "e")
        #expect(tolerated.output?.arrayValue?.count == 10)
        #expect(tolerated.output?.arrayValue?[9] == ["Error": "TooBig", "Cause": "big"])
        let exceeded = await (try engine(definition(#""ToleratedFailureCount":1"#))).run(input: input, executionName: "e")
        #expect(exceeded.errorName == "States.ExceedToleratedFailureThreshold")
        let percentage = await (try engine(definition(#""ToleratedFailurePercentage":20"#))).run(input: input, executionName: "e")
        #expect(percentage.output != nil)
        let strictPercentage = await (try engine(definition(#""ToleratedFailurePercentage":10"#))).run(input: input, executionName: "e")
        #expect(strictPercentage.errorName == "States.ExceedToleratedFailureThreshold")
        let none = await (try engine(definition(#""MaxConcurrency":1"#))).run(input: input, executionName: "e")
        #expect(none.errorName == "TooBig")
    }

    @Test func mapItemSelectorSeesTheContextObject() async throws {
        let e = try engine("""
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.xs",
              "ItemSelector":{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","all.$":"$.tag","e.$":"$$.Execution.Name"},
              "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"ResultPath":"$.r","End":true}}}
            """)
        let result = await e.run(input: ["xs": ["a", "b"], "tag": 1], executionName: "exec-7")
        #expect(result.output == ["xs": ["a", "b"], "tag": 1, "r": [["i": 0, "v": "a", "all": 1, "e": "exec-7"],
                                                                   ["i": 1, "v": "b", "all": 1, "e": "exec-7"]]])
    }

    @Test func mapAndParallelHistory() async throws {
        let recorder = EventRecorder()
        let e = try engine("""
            {"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"Next":"P",
               "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}},
              "P":{"Type":"Parallel","End":true,"Branches":[{"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}]}}}
            """, observer: recorder)
        _ = await e.run(input: [1, 2], executionName: "e")
        #expect(recorder.types == ["ExecutionStarted", "MapStateEntered", "MapStateStarted",
                                   "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                                   "MapIterationStarted", "PassStateEntered", "PassStateExited", "MapIterationSucceeded",
                                   "MapStateSucceeded", "MapStateExited", "ParallelStateEntered", "ParallelStateStarted",
                                   "PassStateEntered", "PassStateExited", "ParallelStateSucceeded", "ParallelStateExited",
                                   "ExecutionSucceeded"])
        let events = recorder.events
        // Iterations chain from MapStateStarted, not from each other.
        let started = events.filter { $0.type == "MapIterationStarted" }
        #expect(started.allSatisfy { $0.previousEventId == 3 })
    }

    @Test func retryAppliesToParallel() async throws {
        let clock = FakeClock()
        let calls = Counter()
        let e = try engine("""
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
              "Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":3,"IntervalSeconds":1,"BackoffRate":1}],
              "Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"flaky","End":true}}}]}}}
            """, handlers: ["flaky": ClosureHandler { _, _ in
                if calls.increment() < 3 { throw TaskFailure(error: "Flaky", cause: nil) }
                return "ok"
            }], clock: clock)
        #expect(await e.run(input: [:], executionName: "e").output == ["ok"])
        #expect(clock.sleeps == [1, 1])
    }
}
