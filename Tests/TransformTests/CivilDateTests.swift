import CivilCalendar
import Parquet
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: [
        (1970, 1, 1, 0), (1969, 12, 31, -1), (2000, 3, 1, 11_017), (2024, 2, 29, 19_782),
        (1, 1, 1, -719_162), (0, 1, 1, -719_528), (9999, 12, 31, 2_932_896), (1600, 2, 29, -135_081),
    ] as [(Int, Int, Int, Int64)])
    func knownDays(_ year: Int, _ month: Int, _ day: Int, _ days: Int64) {
        #expect(CivilDate.days(year: year, month: month, day: day) == days)
        let civil = CivilDate.civil(days: days)
        #expect(civil.year == year && civil.month == month && civil.day == day)
    }

    /// Every day from year -1 to 10000 round-trips and consecutive days are one apart.
    @Test func roundTripsEveryDay() {
        var previous = CivilDate.days(year: -1, month: 1, day: 1) - 1
        for year in -1...10_000 {
            for month in 1...12 {
                for day in 1...CivilDate.daysInMonth(year: year, month: month) {
                    let days = CivilDate.days(year: year, month: month, day: day)
                    #expect(days == previous + 1)
                    previous = days
                    let civil = CivilDate.civil(days: days)
                    if civil.year != year || civil.month != month || civil.day != day {
                        Issue.record("\(year)-\(month)-\(day) -> \(days) -> \(civil)")
                        return
                    }
                }
            }
        }
    }

    @Test func validity() {
        #expect(CivilDate.isValid(year: 2024, month: 2, day: 29))
        #expect(CivilDate.isValid(year: 2000, month: 2, day: 29))
        #expect(!CivilDate.isValid(year: 1900, month: 2, day: 29))
        #expect(!CivilDate.isValid(year: 2023, month: 2, day: 29))
        #expect(!CivilDate.isValid(year: 2024, month: 2, day: 30))
        #expect(!CivilDate.isValid(year: 2024, month: 4, day: 31))
        #expect(CivilDate.isValid(year: 2024, month: 12, day: 31))
        #expect(!CivilDate.isValid(year: 2024, month: 13, day: 1))
        #expect(!CivilDate.isValid(year: 2024, month: 0, day: 1))
        #expect(!CivilDate.isValid(year: 2024, month: 1, day: 0))
    }

    @Test func formattingUsesIt() {
        #expect(ValueFormatting.date(days: 19_782) == "2024-02-29")
        #expect(ValueFormatting.date(days: -719_528) == "0000-01-01")
        #expect(ValueFormatting.timestamp(micros: -1) == "1969-12-31T23:59:59.999999Z")
    }
}
