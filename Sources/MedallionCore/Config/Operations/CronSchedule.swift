import CivilCalendar
import Foundation
import Parquet

/// A dataset's `schedule`: a five-field cron expression in UTC (`minute hour day-of-month month
/// day-of-week`, with `*`, lists, ranges, `/` steps and JAN–DEC / SUN–SAT names) or one of
/// `@yearly`, `@monthly`, `@weekly`, `@daily`, `@hourly`. As in cron, when both day fields are
/// restricted a day matching either one matches.
public struct CronSchedule: Sendable, Equatable {
    public let expression: String
    // Internal, not private: `AWSCron` rewrites the expanded fields for EventBridge.
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    let dayOfMonthRestricted: Bool
    let dayOfWeekRestricted: Bool

    /// Why an expression is not a schedule.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    private static let macros = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    private static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    public init(_ expression: String) throws {
        self.expression = expression
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        let text = trimmed.hasPrefix("@") ? Self.macros[trimmed.lowercased()] : trimmed
        guard let text else {
            throw Invalid(description: "'\(expression)': unknown macro; use @yearly, @monthly, @weekly, @daily or @hourly")
        }
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else {
            throw Invalid(description: "'\(expression)': expected 5 fields (minute hour day-of-month month day-of-week, UTC), found \(fields.count)")
        }
        minutes = try Self.field(fields[0], name: "minute", range: 0...59, names: [], offset: 0)
        hours = try Self.field(fields[1], name: "hour", range: 0...23, names: [], offset: 0)
        daysOfMonth = try Self.field(fields[2], name: "day-of-month", range: 1...31, names: [], offset: 0)
        months = try Self.field(fields[3], name: "month", range: 1...12, names: Self.monthNames, offset: 1)
        // 7 is Sunday too.
        daysOfWeek = Set(try Self.field(fields[4], name: "day-of-week", range: 0...7, names: Self.dayNames, offset: 0).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    private static func field(_ text: String, name: String, range: ClosedRange<Int>, names: [String], offset: Int) throws -> Set<Int> {
        func fail(_ why: String) -> Invalid { Invalid(description: "\(name) field '\(text)': \(why)") }
        func value(_ token: Substring) throws -> Int {
            if let number = Int(token) {
                guard range.contains(number) else { throw fail("\(number) is outside \(range.lowerBound)–\(range.upperBound)") }
                return number
            }
            if let index = names.firstIndex(of: token.uppercased()) { return index + offset }
            throw fail("'\(token)' is not a number" + (names.isEmpty ? "" : " or a name (\(names.first ?? "")…)"))
        }
        var values: Set<Int> = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, !pieces[0].isEmpty else { throw fail("'\(part)' is not a value, range or step") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw fail("step '\(pieces[1])' must be a whole number above 0") }
                step = parsed
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" {
                bounds = range
            } else {
                let ends = pieces[0].split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw fail("'\(pieces[0])' is not a range") }
                let low = try value(ends[0])
                // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
                let high = ends.count == 2 ? try value(ends[1]) : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else { throw fail("range \(low)-\(high) runs backwards") }
                bounds = low...high
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private func matches(day: Int64) -> Bool {
        let civil = CivilDate.civil(days: day)
        guard months.contains(civil.month) else { return false }
        // 1970-01-01 was a Thursday.
        let weekday = Int(((day + 4) % 7 + 7) % 7)
        let byMonthDay = daysOfMonth.contains(civil.day), byWeekday = daysOfWeek.contains(weekday)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return byMonthDay || byWeekday
        case (true, false): return byMonthDay
        case (false, true): return byWeekday
        case (false, false): return true
        }
    }

    /// How far to look for a matching minute (a 29 February on a Monday can be 28 years off).
    private static let searchDays: Int64 = 366 * 30

    /// The latest scheduled minute at or before `date`, nil if none in the last 30 years.
    public func latest(atOrBefore date: Date) -> Date? {
        let now = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        let today = Self.floorDiv(now, 1440)
        for day in stride(from: today, through: today - Self.searchDays, by: -1) where matches(day: day) {
            let limit = day == today ? Int(now - today * 1440) : 1439
            for hour in hours.sorted(by: >) where hour * 60 <= limit {
                if let minute = minutes.sorted(by: >).first(where: { hour * 60 + $0 <= limit }) {
                    return Date(timeIntervalSince1970: Double((day * 1440 + Int64(hour * 60 + minute)) * 60))
                }
            }
        }
        return nil
    }

    /// The first scheduled minute strictly after `date`, nil if none in the next 30 years.
    public func next(after date: Date) -> Date? {
        let now = Int64((date.timeIntervalSince1970 / 60).rounded(.down))
        let today = Self.floorDiv(now, 1440)
        for day in today...(today + Self.searchDays) where matches(day: day) {
            let floor = day == today ? Int(now - today * 1440) + 1 : 0
            for hour in hours.sorted() where hour * 60 + 59 >= floor {
                if let minute = minutes.sorted().first(where: { hour * 60 + $0 >= floor }) {
                    return Date(timeIntervalSince1970: Double((day * 1440 + Int64(hour * 60 + minute)) * 60))
                }
            }
        }
        return nil
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
