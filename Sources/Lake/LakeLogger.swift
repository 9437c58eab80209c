import Logging

/// Lake logs retries and their backoff as they happen (warning) and requests (debug) through
/// a logger its caller hands in; without one it logs nothing.
public enum LakeLogger {
    /// Drops everything.
    public static let silent = Logger(label: "medallion.lake", factory: { _ in SwiftLogNoOpLogHandler() })
}
