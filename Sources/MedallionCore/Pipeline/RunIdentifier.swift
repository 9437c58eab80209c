import Foundation

/// Run ids: `YYYYMMDDTHHMMSSZ-<first 8 hex of the source SHA-256>` (DESIGN.md). They sort by
/// time and name the content. Before the hash is known a run carries a random suffix. When
/// another run already holds the id (identical bytes, same second) the manifest appends
/// `-2`, `-3`, … (`SQLiteManifestStore.identifyRun`).
public enum RunIdentifier {
    /// Every id a run can carry: provisional, content-named, or content-named with a suffix.
    public static let pattern = #"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}(-([2-9]|[1-9][0-9]{1,5}))?$"#

    /// Whether `text` is a run id; the only strings that may become a partition name.
    public static func isValid(_ text: String) -> Bool {
        text.matchesEntirely(pattern)
    }

    /// The UTC start time as `YYYYMMDDTHHMMSSZ`.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// A provisional id (the execution name) for a run starting at `date`.
    public static func provisional(startedAt date: Date) -> String {
        let suffix = (0..<8).map { _ in String(UInt8.random(in: 0..<16), radix: 16) }.joined()
        return "\(timestamp(date))-\(suffix)"
    }

    /// The content-named id once the SHA-256 is known: same time prefix, hash suffix.
    public static func final(provisional: String, sha256: String) -> String {
        let prefix = provisional.split(separator: "-", maxSplits: 1).first.map(String.init) ?? provisional
        return "\(prefix)-\(sha256.prefix(8))"
    }

    /// The UTC calendar date `YYYY-MM-DD` of a run id's time prefix (or of now).
    public static func ingestDate(runId: String) -> String {
        let digits = runId.prefix(8)
        guard digits.count == 8, digits.allSatisfy(\.isNumber) else { return isoDate(Date()) }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.dropFirst(6))"
    }

    static func isoDate(_ date: Date) -> String {
        String(timestamp(date).prefix(8)).enumerated().map { index, ch in
            index == 4 || index == 6 ? "-\(ch)" : "\(ch)"
        }.joined()
    }

    /// Parses the time prefix back into a date.
    public static func startDate(runId: String) -> Date? {
        let text = String(runId.prefix(16))
        guard text.count == 16 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        func number(_ from: Int, _ length: Int) -> Int? {
            let start = text.index(text.startIndex, offsetBy: from)
            return Int(text[start..<text.index(start, offsetBy: length)])
        }
        guard let y = number(0, 4), let mo = number(4, 2), let d = number(6, 2),
              let h = number(9, 2), let mi = number(11, 2), let s = number(13, 2) else { return nil }
        return calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }
}
