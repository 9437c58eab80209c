/// Conversions between civil dates (proleptic Gregorian calendar, year 0 = 1 BC) and days since
/// 1970-01-01: the one calendar routine of the project (Parquet DATE values, Silver date and
/// timestamp casts, CLI formatting, the ASL engine's timestamps). Howard Hinnant's `days_from_civil` / `civil_from_days`,
/// exact for every Int64 day count a Parquet DATE or TIMESTAMP can hold.
public enum CivilDate {
    /// Days since 1970-01-01 of `year`-`month`-`day`. The date is not validated (use `isValid`);
    /// an out-of-range month or day is counted as the arithmetic implies.
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400                                             // [0, 399]
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1  // [0, 365]
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy                     // [0, 146096]
        return era * 146_097 + doe - 719_468
    }

    /// The civil date `days` after 1970-01-01 (before it when negative).
    @inlinable
    public static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097                                          // [0, 146096]
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365     // [0, 399]
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)                    // [0, 365]
        let mp = (5 * doy + 2) / 153                                         // [0, 11]
        let day = doy - (153 * mp + 2) / 5 + 1                               // [1, 31]
        let month = mp < 10 ? mp + 3 : mp - 9                                // [1, 12]
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    /// Whether `year` is a leap year of the proleptic Gregorian calendar.
    @inlinable
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days of `month` (1...12) in `year`; 0 for a month outside 1...12.
    @inlinable
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Whether `year`-`month`-`day` is a real calendar date (Feb 29 only in leap years).
    @inlinable
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        day >= 1 && day <= daysInMonth(year: year, month: month)
    }
}
