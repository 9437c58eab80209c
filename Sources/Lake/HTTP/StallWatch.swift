import Dispatch

/// Aborts a transfer that moves no bytes (either direction) for `seconds`, or whose task
/// was cancelled.
///
/// libcurl's own LOW_SPEED_TIME averages speed over a window of several seconds, so a burst
/// followed by silence is noticed late; counting time since the last byte is exact.
final class StallWatch {
    let seconds: Double
    private var lastBytes: Int64 = -1
    private var lastChange = DispatchTime.now().uptimeNanoseconds
    private(set) var fired = false
    private let cancellation: CancellationFlag?

    init(seconds: Double, cancellation: CancellationFlag? = nil) {
        self.seconds = seconds
        self.cancellation = cancellation
    }

    /// True when the transfer was stopped because its task was cancelled.
    var cancelled: Bool { cancellation?.isCancelled ?? false }

    func install(on curl: CurlEasy) {
        curl.onProgress = { [self] downloaded, _, uploaded, _ in
            if cancelled { return false }
            let now = DispatchTime.now().uptimeNanoseconds
            let total = downloaded + uploaded
            if total != lastBytes {
                lastBytes = total
                lastChange = now
                return true
            }
            if Double(now &- lastChange) / 1e9 > seconds {
                fired = true
                return false
            }
            return true
        }
    }

    var message: String { "no data moved for \(seconds) s (stalled transfer)" }
}
