/// Runs `body`, calling `beat` with the seconds elapsed every `seconds` until it ends, so a
/// long task shows it is alive. With no interval it is just `body`.
func withStillRunningLog<T: Sendable>(every seconds: Double?, clock: any ExecutionClock,
                                _ body: @escaping @Sendable () async throws -> T,
                                beat: @escaping @Sendable (Double) -> Void) async throws -> T {
    guard let seconds, seconds > 0 else { return try await body() }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            var beats = 0.0
            while true {
                try await clock.sleep(seconds: seconds)
                beats += 1
                beat(beats * seconds)
            }
        }
        defer { group.cancelAll() }
        // Only the body returns a value; the heartbeat ends by cancellation.
        while let result = try await group.next() {
            if let value = result { return value }
        }
        throw CancellationError()
    }
}
