/// How log lines are written on stderr.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-11-29T22:02:53.123Z warning medallion: message key=value …`, for people.
    case text
    /// One JSON object per line: `time`, `level`, `logger`, `message`, then the metadata.
    case json
}
