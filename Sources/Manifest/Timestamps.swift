import Foundation

/// ISO 8601 UTC text with milliseconds (`2026-11-24T20:10:00.123Z`): sortable as text in
/// SQLite and readable by people.
public enum Timestamps {
    public static func format(_ date: Date) -> String {
        formatter(fractional: true).string(from: date)
    }

    public static func parse(_ text: String) -> Date? {
        formatter(fractional: true).date(from: text) ?? formatter(fractional: false).date(from: text)
    }

    // ISO8601DateFormatter is not Sendable; a fresh one per call keeps this thread-safe.
    private static func formatter(fractional: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
