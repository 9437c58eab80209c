import Foundation
import Manifest
import Testing
@testable import MedallionCore

/// `schedule`: cron fields, macros, the day-of-month/day-of-week rule, and the slots around a time.
@Suite struct CronScheduleTests {
    func time(_ text: String) throws -> Date { try #require(Timestamps.parse(text)) }

    @Test func latestAndNextSlots() throws {
        let at = try time("2026-11-30T06:30:00Z")  // a Monday
        let cases: [(String, String, String)] = [
            ("@hourly", "2026-11-30T06:00:00.000Z", "2026-11-30T07:00:00.000Z"),
            ("@daily", "2026-11-30T00:00:00.000Z", "2026-12-01T00:00:00.000Z"),
            ("*/15 * * * *", "2026-11-30T06:30:00.000Z", "2026-11-30T06:45:00.000Z"),
            ("5 4 * * SUN", "2026-11-29T04:05:00.000Z", "2026-12-06T04:05:00.000Z"),
            ("0 9-17/4 * * 1-5", "2026-11-27T17:00:00.000Z", "2026-11-30T09:00:00.000Z"),
            ("0 0 1 JAN *", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"),
            ("0 12 29 2 *", "2024-02-29T12:00:00.000Z", "2028-02-29T12:00:00.000Z"),
            // Both day fields restricted: either matches (the 1st, or any Friday).
            ("0 0 1 * 5", "2026-11-27T00:00:00.000Z", "2026-12-01T00:00:00.000Z"),
        ]
        for (expression, latest, next) in cases {
            let schedule = try CronSchedule(expression)
            #expect(schedule.latest(atOrBefore: at).map(Timestamps.format) == latest, "\(expression)")
            #expect(schedule.next(after: at).map(Timestamps.format) == next, "\(expression)")
        }
        // A slot exactly now is the latest, and the next is after it.
        #expect(try CronSchedule("30 6 * * *").latest(atOrBefore: at) == at)
        #expect(try CronSchedule("30 6 * * *").next(after: at).map(Timestamps.format) == "2026-12-01T06:30:00.000Z")
    }

    @Test func badExpressionsSayWhy() {
        let bad: [(String, String)] = [
            ("* * * *", "expected 5 fields"), ("60 * * * *", "60 is outside 0–59"), ("* 24 * * *", "24 is outside 0–23"),
            ("* * 0 * *", "0 is outside 1–31"), ("* * * 13 *", "13 is outside 1–12"), ("* * * * 8", "8 is outside 0–7"),
            ("*/0 * * * *", "step '0'"), ("5-1 * * * *", "runs backwards"), ("@often", "unknown macro"), ("x * * * *", "'x' is not a number"),
        ]
        for (expression, message) in bad {
            do {
                _ = try CronSchedule(expression)
                Issue.record("'\(expression)' was accepted")
            } catch {
                #expect("\(error)".contains(message), "\(expression): \(error)")
            }
        }
    }

    @Test func dueWhenTheSlotCameAfterTheLastRun() throws {
        let schedule = try CronSchedule("0 * * * *")
        let now = try time("2026-11-30T06:30:00Z")
        #expect(RunSelection.due(schedule, lastRunStart: nil, now: now).due)
        #expect(RunSelection.due(schedule, lastRunStart: try time("2026-11-30T05:59:00Z"), now: now).due)
        let notYet = RunSelection.due(schedule, lastRunStart: try time("2026-11-30T06:01:00Z"), now: now)
        #expect(!notYet.due && notYet.at.map(Timestamps.format) == "2026-11-30T07:00:00.000Z")
    }
}
