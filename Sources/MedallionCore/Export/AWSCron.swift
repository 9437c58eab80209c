/// A dataset `schedule` as EventBridge `cron(...)` expressions.
///
/// EventBridge cron has six fields (minute hour day-of-month month day-of-week year), numbers
/// weekdays 1 (SUN) to 7, and needs `?` in one of the two day fields: it cannot say "either day
/// matches", which five-field cron means when both are restricted. That case becomes two
/// expressions (one per day field), fired by two rules; together they fire on the same minutes.
/// Fields are written from the expanded sets `CronSchedule` parsed, so steps, ranges, names and
/// macros need no translation of their own.
enum AWSCron {
    static func expressions(for schedule: CronSchedule) -> [String] {
        let minute = field(schedule.minutes, range: 0...59)
        let hour = field(schedule.hours, range: 0...23)
        let month = field(schedule.months, range: 1...12)
        let dayOfMonth = field(schedule.daysOfMonth, range: 1...31)
        // EventBridge counts weekdays from 1 = Sunday; CronSchedule from 0 = Sunday.
        let dayOfWeek = field(Set(schedule.daysOfWeek.map { $0 + 1 }), range: 1...7)
        func cron(_ dom: String, _ dow: String) -> String { "cron(\(minute) \(hour) \(dom) \(month) \(dow) *)" }
        switch (schedule.dayOfMonthRestricted, schedule.dayOfWeekRestricted) {
        case (true, true): return [cron(dayOfMonth, "?"), cron("?", dayOfWeek)]
        case (true, false): return [cron(dayOfMonth, "?")]
        case (false, true): return [cron("?", dayOfWeek)]
        case (false, false): return [cron("*", "?")]
        }
    }

    /// `*` for the whole range, else the values as a list with runs of three or more as ranges.
    static func field(_ values: Set<Int>, range: ClosedRange<Int>) -> String {
        if values.count == range.count { return "*" }
        var parts: [String] = []
        var run: [Int] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            parts += run.count >= 3 ? ["\(first)-\(last)"] : run.map(String.init)
            run = []
        }
        for value in values.sorted() {
            if let last = run.last, value != last + 1 { flush() }
            run.append(value)
        }
        flush()
        return parts.joined(separator: ",")
    }
}
