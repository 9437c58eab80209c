import Foundation
@testable import StateMachine
import Testing

/// `TimeoutSecondsPath` is a reference path into the state input (after InputPath), not into the
/// Parameters payload.
@Suite struct TimeoutSecondsPathTests {
    @Test func timeoutSecondsPathReadsTheStateInput() async throws {
        let e = try engine("""
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"slow","InputPath":"$.in","Parameters":{"job":"x"},
              "TimeoutSecondsPath":"$.limit","End":true}}}
            """, handlers: ["slow": ClosureHandler { _, _ in try await Task.sleep(nanoseconds: 30_000_000_000); return nil }])
        let result = await e.run(input: ["in": ["limit": 2]], executionName: "e")
        #expect(result.errorName == "States.Timeout")
        let bad = await e.run(input: ["in": ["limit": 0]], executionName: "e")
        #expect(bad.errorName == "States.Runtime")
    }
}
