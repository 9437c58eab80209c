import Foundation
import Logging
@testable import StateMachine
import Testing
import TestSupport

/// The engine logs what its result and history do not show while it happens: each retry with
/// its wait, heartbeats of long tasks, and the execution's start and end.
@Suite struct EngineLoggingTests {
    private func engine(_ definition: String, handlers: [String: any TaskHandler], log: LogCapture, level: Logger.Level = .trace,
                        clock: any ExecutionClock = FakeClock(), stillRunningLogSeconds: Double? = nil) throws -> ExecutionEngine {
        ExecutionEngine(definition: try StateMachineDefinition.parse(Data(definition.utf8)), handlers: handlers, clock: clock,
                        logger: log.logger(level: level), stillRunningLogSeconds: stillRunningLogSeconds)
    }

    @Test func retriesAreLoggedWithTheirWaitBeforeItHappens() async throws {
        let calls = Counter()
        let log = LogCapture()
        let clock = FakeClock()
        let flaky = ClosureHandler { _, _ in
            if calls.increment() < 3 { throw TaskFailure(error: "Flaky", cause: "try again") }
            return "ok"
        }
        let result = try await engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"flaky","End":true,
              "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":4}]}}}
            """, handlers: ["flaky": flaky], log: log, clock: clock).run(input: [:], executionName: "exec-1")
        #expect(result.output == "ok")
        let retries = log.entries("retrying after error")
        #expect(retries.map(\.level) == [.warning, .warning])
        #expect(retries.map { $0.metadata["attempt"] } == ["2", "3"])
        #expect(retries.map { $0.metadata["wait_s"] } == ["2.0", "6.0"])
        #expect(retries.allSatisfy { $0.metadata["error"] == "Flaky" && $0.metadata["cause"] == "try again"
                && $0.metadata["state"] == "T" && $0.metadata["max_attempts"] == "5" && $0.metadata["execution"] == "exec-1" })
        #expect(clock.sleeps == [2, 6])
        #expect(log.entries("execution started").count == 1)
        #expect(log.entries("execution succeeded").first?.level == .info)
        #expect(log.entries("task failed").count == 2)
        #expect(log.entries("task succeeded").first?.metadata["resource"] == "flaky")
    }

    @Test func aCaughtErrorAndAFailedExecutionAreNoticedNotShouted() async throws {
        let log = LogCapture()
        let failing = ClosureHandler { _, _ in throw TaskFailure(error: "Broken", cause: String(repeating: "x", count: 2_000)) }
        let result = try await engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"f","Next":"Done",
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Failed"}]},
             "Failed":{"Type":"Fail","Error":"RunFailed"},"Done":{"Type":"Succeed"}}}
            """, handlers: ["f": failing], log: log).run(input: [:], executionName: "e")
        #expect(result.errorName == "RunFailed")
        #expect(log.entries("error caught").first?.metadata["next"] == "Failed")
        #expect(log.entries("execution failed").first?.level == .notice)
        #expect(log.entries("execution failed").first?.metadata["error"] == "RunFailed")
        // Long causes are cut on the log line (the history keeps them whole).
        #expect((log.entries("task failed").first?.metadata["cause"]?.count ?? 0) <= ExecutionRun.causeLength + 1)
        #expect(!log.entries.contains { $0.level >= .error })
    }

    @Test func longTasksLogHeartbeats() async throws {
        let log = LogCapture()
        // The task runs until two heartbeats are logged (or 60 s): on a loaded machine the
        // heartbeat timer may be scheduled late, so a fixed sleep could see fewer.
        let waitsForBeats = ClosureHandler { input, _ in
            let deadline = ContinuousClock.now + .seconds(60)
            while log.entries("task still running").count < 2 && ContinuousClock.now < deadline {
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            return input
        }
        let definition = #"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"slow","End":true}}}"#
        let result = try await engine(definition, handlers: ["slow": waitsForBeats], log: log, clock: SystemClock(), stillRunningLogSeconds: 0.2)
            .run(input: [:], executionName: "e")
        #expect(result.output == [:])
        let beats = log.entries("task still running")
        #expect(beats.count >= 2, "\(beats.count) heartbeats")
        #expect(beats.first?.level == .info && beats.first?.metadata["state"] == "T" && beats.first?.metadata["elapsed_s"] == "0.2")
    }

    @Test func nothingBelowTheLevelIsBuiltOrLogged() async throws {
        let log = LogCapture()
        let result = try await engine(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#,
                                      handlers: [:], log: log, level: .warning, stillRunningLogSeconds: 0.01).run(input: [:], executionName: "e")
        #expect(result.output == [:])
        #expect(log.entries.isEmpty)
        let verbose = LogCapture()
        _ = try await engine(#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#,
                             handlers: [:], log: verbose, level: .debug).run(input: [:], executionName: "e")
        #expect(verbose.entries("state entered").map { $0.metadata["state"] } == ["W", "P"])
        #expect(verbose.entries("waiting").first?.metadata["wait_s"] == "5.0")
    }
}
