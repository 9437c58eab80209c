/// Exponential backoff with full jitter: attempt `n` (0-based) waits a uniformly random
/// time in `0 ... min(maxDelay, baseDelay * 2^n)` before the next try.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first; 1 means "never retry".
    public var maxAttempts: Int
    /// Seconds; the cap of the first backoff.
    public var baseDelay: Double
    /// Seconds; no backoff is longer than this.
    public var maxDelay: Double

    public init(maxAttempts: Int, baseDelay: Double, maxDelay: Double) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// Five attempts, backoff capped at 0.5 s, 1 s, 2 s, 4 s (never above 20 s).
    public static let `default` = RetryPolicy(maxAttempts: 5, baseDelay: 0.5, maxDelay: 20)

    /// The delay before retry number `retry` (0 = the first retry), full jitter.
    public func delay(beforeRetry retry: Int) -> Double {
        let cap = min(maxDelay, baseDelay * Double(1 << min(max(retry, 0), 40)))
        return cap <= 0 ? 0 : Double.random(in: 0...cap)
    }
}
