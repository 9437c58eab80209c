import Foundation
import Testing
import TestSupport

/// The fuzz suites' hang detection works: an input that runs past the limit is reported
/// with its index and bytes, and a loop that finishes returns its result.
@Suite struct FuzzWatchdogTests {
    @Test func reportsTheInputThatOverruns() async {
        let watchdog = FuzzWatchdog(limit: .milliseconds(200))
        let outcome = await watchdog.run { () -> Int in
            for iteration in 0..<10 {
                watchdog.begin(iteration, Array("input \(iteration)".utf8))
                // Input 3 "hangs": longer than the limit (the thread ends on its own later).
                if iteration == 3 { Thread.sleep(forTimeInterval: 5) }
                watchdog.end()
            }
            return 10
        }
        guard case .failure(let overrun) = outcome else {
            Issue.record("the overrun went unnoticed: \(outcome)")
            return
        }
        #expect(overrun.iteration == 3)
        #expect(overrun.input == Array("input 3".utf8))
        #expect(overrun.elapsed >= .milliseconds(200))
        #expect(overrun.description.contains("\"input 3\""))
    }

    @Test func returnsTheLoopsResult() async {
        let watchdog = FuzzWatchdog(limit: .seconds(5))
        let outcome = await watchdog.run { () -> Int in
            for iteration in 0..<100 {
                watchdog.begin(iteration, [UInt8(iteration)])
                watchdog.end()
            }
            return 100
        }
        guard case .success(let value) = outcome else {
            Issue.record("unexpected \(outcome)")
            return
        }
        #expect(value == 100)
        #expect(watchdog.slowest.iteration >= 0)
        #expect(FuzzWatchdog.describe([0xFF, 0x00]) == "ff 00")
    }
}
