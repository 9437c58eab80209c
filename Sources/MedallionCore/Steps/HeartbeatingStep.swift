import StateMachine

/// A Medallion step built afresh for each invocation, with a progress sink that beats that
/// invocation's heartbeat: progress is proof of life, so a definition's `HeartbeatSeconds`
/// catches a stuck download or a hung write (no bytes, no rows) instead of waiting forever.
/// The heartbeat is bound explicitly rather than read from a task-local, because steps report
/// progress from worker threads too (hashing, background writers).
struct HeartbeatingStep: TaskHandler {
    let context: StepContext
    let make: @Sendable (StepContext) -> any TaskHandler

    func invoke(_ input: JSONValue, context task: TaskContext) async throws -> JSONValue {
        let beating = StepContext(environment: context.environment,
                                  progress: HeartbeatProgress(inner: context.progress, heartbeat: task.heartbeat))
        return try await make(beating).invoke(input, context: task)
    }
}

/// Forwards progress and beats the task's heartbeat on every report.
struct HeartbeatProgress: ProgressSink {
    let inner: any ProgressSink
    let heartbeat: TaskHeartbeat

    func downloaded(dataset: String, bytes: Int64, total: Int64?) {
        heartbeat.beat()
        inner.downloaded(dataset: dataset, bytes: bytes, total: total)
    }

    func rows(dataset: String, step: String, count: Int64) {
        heartbeat.beat()
        inner.rows(dataset: dataset, step: step, count: count)
    }

    func note(dataset: String, _ message: String) {
        heartbeat.beat()
        inner.note(dataset: dataset, message)
    }
}
