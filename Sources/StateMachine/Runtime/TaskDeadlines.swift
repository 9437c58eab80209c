import Foundation

/// Thrown by ``withDeadlines(timeout:heartbeat:clock:_:)`` when `TimeoutSeconds` passes first.
struct TimeoutExpired: Error {}

/// Thrown by ``withDeadlines(timeout:heartbeat:clock:_:)`` when `HeartbeatSeconds` passes
/// without a beat.
struct HeartbeatExpired: Error {}

/// Runs `body` until it ends, `timeout` seconds pass, or `heartbeat.seconds` pass without a
/// beat, whichever is first.
///
/// The body runs in its own task and is not waited for once a deadline passes: a step blocked
/// in a system call (a stuck download, a hung write) cannot honour cancellation, and a task
/// group would wait for it forever, which is exactly what the deadline is there to prevent.
/// It is cancelled and left to end on its own.
func withDeadlines<T: Sendable>(timeout: Double?, heartbeat: (seconds: Double, beats: TaskHeartbeat)?,
                                clock: any ExecutionClock,
                                _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let work = Task {
        // The heartbeat interval starts when the task does, not when it was queued: a busy
        // pool must not count against it.
        heartbeat?.beats.beat()
        return try await body()
    }
    let started = clock.now()
    let watchdog = Task<Void, any Error> {
        while true {
            var wait = Double.infinity
            if let timeout {
                let left = timeout - clock.now().timeIntervalSince(started)
                if left <= 0 { throw TimeoutExpired() }
                wait = left
            }
            if let heartbeat {
                // The interval counts from the task's start: a task still queued behind a busy
                // pool has not missed anything yet.
                if let last = heartbeat.beats.lastBeat {
                    let left = heartbeat.seconds - clock.now().timeIntervalSince(last)
                    if left <= 0 { throw HeartbeatExpired() }
                    wait = min(wait, left)
                } else {
                    wait = min(wait, heartbeat.seconds)
                }
            }
            try await clock.sleep(seconds: wait)
        }
    }
    let outcome = FirstOutcome<T>()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            outcome.attach(continuation)
            Task {
                let result = await work.result
                watchdog.cancel()
                outcome.resolve(result)
            }
            Task {
                if case .failure(let error) = await watchdog.result, !(error is CancellationError) {
                    work.cancel()
                    outcome.resolve(.failure(error))
                }
            }
        }
    } onCancel: {
        work.cancel()
        watchdog.cancel()
    }
}

/// Resumes a continuation with whichever result arrives first; later ones are dropped.
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
    // Unchecked Sendable: both fields are only touched under `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?
    private var resolved = false

    func attach(_ continuation: CheckedContinuation<T, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func resolve(_ result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = lock.withLock {
            guard !resolved else { return nil }
            resolved = true
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}
