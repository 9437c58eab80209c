import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ISO 8601 UTC text with milliseconds (`2026-11-24T20:10:00.123Z`): sortable as text in
/// SQLite and readable by people.
public enum Timestamps {
    public static func format(_ date: Date) -> String {
        formatters.use { fractional, _ in fractional.string(from: date) }
    }

    /// Reads what `format` writes (and the same without milliseconds) directly; anything else
    /// goes to an ISO 8601 formatter. Every run reads back up to thousands of run records with
    /// two dates each (settling interrupted runs, cleaning leftovers), and a formatter parse
    /// (ICU) costs tens of microseconds: it was a large part of a skip's time.
    public static func parse(_ text: String) -> Date? {
        canonical(text) ?? formatters.use { fractional, whole in fractional.date(from: text) ?? whole.date(from: text) }
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` or `YYYY-MM-DDTHH:MM:SSZ`; nil for any other text or an
    /// impossible date (left to the formatter to judge).
    static func canonical(_ text: String) -> Date? {
        // Native strings are contiguous UTF-8; any other is left to the formatter.
        text.utf8.withContiguousStorageIfAvailable { bytes -> Date? in
            guard bytes.count == 24 || bytes.count == 20, bytes[bytes.count - 1] == UInt8(ascii: "Z"),
                  bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
            func number(_ start: Int, _ count: Int) -> Int? {
                var value = 0
                for index in start..<start + count {
                    let digit = Int(bytes[index]) - 48
                    guard digit >= 0 && digit <= 9 else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
            var milliseconds = 0
            if bytes.count == 24 {
                guard bytes[19] == UInt8(ascii: "."), let fraction = number(20, 3) else { return nil }
                milliseconds = fraction
            }
            var parts = tm()
            parts.tm_year = Int32(year - 1900)
            parts.tm_mon = Int32(month - 1)
            parts.tm_mday = Int32(day)
            parts.tm_hour = Int32(hour)
            parts.tm_min = Int32(minute)
            parts.tm_sec = Int32(second)
            let seconds = Int(timegm(&parts))
            // timegm normalises an impossible date (February 30 → March 2) and says so in the
            // fields it hands back: such text is the formatter's to judge.
            guard parts.tm_year == Int32(year - 1900), parts.tm_mon == Int32(month - 1), parts.tm_mday == Int32(day),
                  parts.tm_hour == Int32(hour), parts.tm_min == Int32(minute), parts.tm_sec == Int32(second) else { return nil }
            // Whole milliseconds first, then one division: the value the formatter gives.
            return Date(timeIntervalSince1970: Double(seconds * 1_000 + milliseconds) / 1_000)
        } ?? nil
    }

    /// Made once: a formatter costs far more to make (ICU) than to use.
    private static let formatters = SharedFormatters()

    /// ISO8601DateFormatter is not Sendable: the pair is only used under a lock.
    private final class SharedFormatters: @unchecked Sendable {
        private let lock = NSLock()
        private let fractional = SharedFormatters.make([.withInternetDateTime, .withFractionalSeconds])
        private let whole = SharedFormatters.make([.withInternetDateTime])

        func use<T>(_ body: (ISO8601DateFormatter, ISO8601DateFormatter) -> T) -> T {
            lock.withLock { body(fractional, whole) }
        }

        private static func make(_ options: ISO8601DateFormatter.Options) -> ISO8601DateFormatter {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter
        }
    }
}
