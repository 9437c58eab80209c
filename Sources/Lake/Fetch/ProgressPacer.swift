/// Turns a running byte count into `FetchProgress` calls about once per MiB, and on demand at
/// the end: a local file read at gigabytes per second must not call a terminal redraw per chunk
/// of a network transfer, nor per 4 MiB read-ahead chunk either.
struct ProgressPacer {
    private let progress: @Sendable (FetchProgress) -> Void
    private var lastReported: Int64 = -1
    /// The expected size, when a server or the file system said.
    var total: Int64?
    private static let every: Int64 = 1 << 20

    init(_ progress: @escaping @Sendable (FetchProgress) -> Void) {
        self.progress = progress
    }

    /// Reports `bytes` when a MiB or more has passed since the last report.
    mutating func advance(to bytes: Int64) {
        if bytes - lastReported >= Self.every { report(bytes) }
    }

    /// Reports `bytes` now.
    mutating func report(_ bytes: Int64) {
        lastReported = bytes
        progress(FetchProgress(bytes: bytes, total: total))
    }

    /// The count starts again from zero (a download restarted from its first byte).
    mutating func restart() {
        lastReported = -1
    }
}
