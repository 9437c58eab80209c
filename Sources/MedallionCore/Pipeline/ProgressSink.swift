/// Receives progress of long work so the CLI can draw bars (TTY), print lines, or stay quiet.
public protocol ProgressSink: Sendable {
    /// Source bytes downloaded so far, and the total when the server said.
    func downloaded(dataset: String, bytes: Int64, total: Int64?)
    /// Records converted so far by a layer step.
    func rows(dataset: String, step: String, count: Int64)
    /// A milestone worth a line ("skipped: unchanged", "published bronze …").
    func note(dataset: String, _ message: String)
}

/// Drops all progress (`--quiet`, tests, `medallion task`).
public struct SilentProgress: ProgressSink {
    public init() {}
    public func downloaded(dataset: String, bytes: Int64, total: Int64?) {}
    public func rows(dataset: String, step: String, count: Int64) {}
    public func note(dataset: String, _ message: String) {}
}
