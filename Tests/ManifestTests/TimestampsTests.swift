import Foundation
import Testing
@testable import Manifest

/// Manifest timestamps through the shared formatters: the same text as before, read back the
/// same, from many threads at once.
struct TimestampsTests {
    @Test func formatsWithMillisecondsAndParsesBothForms() throws {
        let date = Date(timeIntervalSince1970: 1_796_000_000.123)
        #expect(Timestamps.format(date) == "2026-11-30T00:53:20.123Z")
        let parsed = try #require(Timestamps.parse("2026-11-30T00:53:20.123Z"))
        #expect(abs(parsed.timeIntervalSince1970 - 1_796_000_000.123) < 0.0005)
        #expect(Timestamps.parse("2026-11-30T00:53:20Z") == Date(timeIntervalSince1970: 1_796_000_000))
        #expect(Timestamps.parse("not a date") == nil)
        #expect(Timestamps.parse("2026-11-29 22:13:20") == nil)
    }

    @Test func sharedFormattersAreSafeAcrossThreads() async {
        let dates = (0..<400).map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0) * 3_601.007) }
        let texts = dates.map(Timestamps.format)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for (index, text) in texts.enumerated() where index % 8 == worker {
                        if Timestamps.format(dates[index]) != text { wrong += 1 }
                        if let back = Timestamps.parse(text), Timestamps.format(back) == text { continue }
                        wrong += 1
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}

/// The direct reading of canonical timestamps gives exactly the formatter's dates.
struct CanonicalTimestampTests {
    private func formatterDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.count == 24 ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: text)
    }

    @Test func agreesExactlyWithTheFormatter() throws {
        var texts = ["1970-01-01T00:00:00.000Z", "2000-02-29T23:59:59.999Z", "2026-11-30T00:53:20.123Z", "2100-03-01T12:00:00Z",
                     "1999-12-31T23:59:59Z", "2024-02-29T00:00:00.001Z", "2038-01-19T03:14:08.500Z"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: Double(Int.random(in: 0..<4_102_444_800_000, using: &generator)) / 1_000)
            texts.append(Timestamps.format(date))
        }
        for text in texts {
            let direct = try #require(Timestamps.canonical(text), "\(text)")
            #expect(direct == formatterDate(text), "\(text)")
        }
    }

    @Test func leavesEverythingElseToTheFormatter() {
        for text in ["2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T00:60:00Z",
                     "2026-11-30T00:00:00+01:00", "2026-11-30T00:00:00.12Z", "2026-11-30 00:00:00Z", "2026-1a-30T00:00:00Z", ""] {
            #expect(Timestamps.canonical(text) == nil, "\(text)")
        }
        #expect(Timestamps.parse("2026-11-30T01:00:00+01:00") == Timestamps.parse("2026-11-30T00:00:00Z"))
    }
}
