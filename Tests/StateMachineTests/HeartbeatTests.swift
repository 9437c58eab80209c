import Foundation
import StateMachine
import Testing

/// `HeartbeatSeconds` is enforced: a task that goes that long without a beat fails. AWS
/// records such a failure as `States.Timeout` (TaskTimedOut); Retry and Catch may single it
/// out as `States.HeartbeatTimeout` (docs/state-machine.md cites the evidence).
@Suite struct HeartbeatTests {
    static let silent = ClosureHandler { _, _ in
        try await Task.sleep(nanoseconds: 60_000_000_000)
        return "late"
    }

    @Test func aTaskWithoutHeartbeatsTimesOut() async throws {
        let recorder = EventRecorder()
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"silent","HeartbeatSeconds":5,"End":true}}}
            """, handlers: ["silent": Self.silent], observer: recorder)
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.errorName == "States.Timeout")
        #expect(result.cause?.contains("HeartbeatSeconds of 5 s") == true)
        #expect(recorder.types.contains("TaskTimedOut"))
    }

    @Test func catchAndRetryCanNameTheHeartbeatTimeout() async throws {
        let attempts = Counter()
        let e = try engine("""
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"silent","HeartbeatSeconds":2,"End":true,
                   "Retry":[{"ErrorEquals":["States.HeartbeatTimeout"],"MaxAttempts":2,"IntervalSeconds":1}],
                   "Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"Caught"}]},
              "Caught":{"Type":"Pass","End":true}}}
            """, handlers: ["silent": ClosureHandler { _, _ in
                _ = attempts.increment()
                try await Task.sleep(nanoseconds: 60_000_000_000)
                return nil
            }])
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.output?["Error"] == "States.Timeout")
        #expect(attempts.increment() == 4, "one attempt and two retries, then the catcher")
        // A plain timeout is not a heartbeat timeout.
        let plain = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"silent","TimeoutSeconds":2,"End":true,
              "Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"Caught"}]},"Caught":{"Type":"Pass","End":true}}}
            """, handlers: ["silent": Self.silent])
        #expect(await plain.run(input: [:], executionName: "e").errorName == "States.Timeout")
    }

    @Test func beatingKeepsALongTaskAlive() async throws {
        // Real time: the task runs for 1.5 s and beats every 0.1 s against a 1 s heartbeat. It
        // beats from its own thread, as Medallion's steps do, and keeps beating until the engine
        // has returned: suites that hog the concurrency pool can delay the engine's view of the
        // task's end by minutes, and a task that is still being waited for must stay alive.
        let stop = Flag()
        let e = ExecutionEngine(definition: try StateMachineDefinition.parse("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"busy","HeartbeatSeconds":1,"End":true}}}
            """), handlers: ["busy": ClosureHandler { _, context in
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    Thread {
                        var beats = 0
                        while !stop.isSet {
                            blockThread(seconds: 0.1)
                            context.heartbeat.beat()
                            beats += 1
                            if beats == 15 { done.resume() }
                        }
                        if beats < 15 { done.resume() }
                    }.start()
                }
                return "done"
            }], clock: SystemClock())
        defer { stop.set() }
        let result = await e.run(input: [:], executionName: "e")
        #expect(result.output == "done", "\(result)")
    }

    @Test func heartbeatSecondsPathReadsTheStateInput() async throws {
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"silent","HeartbeatSecondsPath":"$.beat","End":true}}}
            """, handlers: ["silent": Self.silent])
        #expect(await e.run(input: ["beat": 3], executionName: "e").errorName == "States.Timeout")
        #expect(await e.run(input: ["beat": "x"], executionName: "e").errorName == "States.Runtime")
    }

    @Test func aBlockedTaskDoesNotHoldTheDeadline() async throws {
        // The handler waits on a blocked thread and ignores cancellation, as a step stuck in a
        // system call does; the state still times out instead of waiting for it. (The thread is
        // its own, so the test does not starve the concurrency pool other tests run on.)
        let finished = Flag()
        let release = DispatchSemaphore(value: 0)
        let e = ExecutionEngine(definition: try StateMachineDefinition.parse("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"stuck","TimeoutSeconds":1,"End":true}}}
            """), handlers: ["stuck": ClosureHandler { _, _ in
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    Thread {
                        // Stuck until the test has looked, however late the engine gets to run.
                        release.wait()
                        finished.set()
                        done.resume()
                    }.start()
                }
                return nil
            }], clock: SystemClock())
        #expect(await e.run(input: [:], executionName: "e").errorName == "States.Timeout")
        #expect(!finished.isSet)
        release.signal()
    }
}

/// Blocks the calling thread the way a hung system call does (no cancellation point).
func blockThread(seconds: Double) {
    Thread.sleep(forTimeInterval: seconds)
}

/// A flag set once from any thread.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
