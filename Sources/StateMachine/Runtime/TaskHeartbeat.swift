import Foundation

/// How a running task tells the engine it is alive. A Task state with `HeartbeatSeconds` fails
/// with a heartbeat timeout when that long passes without a beat (AWS's `SendTaskHeartbeat`).
///
/// Handlers reach it as `context.heartbeat`; code deep inside a handler that reports progress
/// anyway (rows converted, bytes downloaded) can beat through ``TaskHeartbeat/current`` without
/// having it passed down.
public final class TaskHeartbeat: @unchecked Sendable {
    // Unchecked Sendable: `last` is only touched under `lock`.
    private let lock = NSLock()
    private let clock: any ExecutionClock
    /// nil until the task starts running (its first beat).
    private var last: Date?

    /// The heartbeat of the task running on this Swift task, if the engine runs one.
    @TaskLocal public static var current: TaskHeartbeat?

    init(clock: any ExecutionClock) {
        self.clock = clock
    }

    /// A detached heartbeat nobody watches, for running a handler outside the engine.
    public convenience init() {
        self.init(clock: SystemClock())
    }

    /// Records that the task is making progress.
    public func beat() {
        let now = clock.now()
        lock.withLock { last = now }
    }

    /// When the task last beat; nil while it has not started running.
    var lastBeat: Date? { lock.withLock { last } }
}
