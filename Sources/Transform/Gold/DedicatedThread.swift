import Foundation

/// Gold's one threading model: blocking work runs on threads of its own, never on Swift
/// concurrency's cooperative pool (one thread per core, which a blocked task starves) nor on

/// its next row group waited on threads the other tables held). Each table gets a thread, and
/// a thread per row group it decodes ahead (`GoldInput.decodersAhead`), so the cores stay busy
/// whether one table runs or several.
public enum DedicatedThread {
    /// Runs `body` on a new thread and resumes the caller with its result; the awaiting task
    /// holds no thread meanwhile.
    public static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            start(name: name) { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Starts `body` on a new thread; the result is collected with `PendingResult.wait`.
    static func pending<T>(name: String, _ body: @escaping () throws -> T) -> PendingResult<T> {
        let pending = PendingResult<T>()
        let work = UncheckedWork(body: body)
        start(name: name) { pending.fulfil(Result { try work.body() }) }
        return pending
    }

    private static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Carries work that is not Sendable to its thread. Safe because the starting thread hands
    /// it over and touches what it captures only after `PendingResult.wait` returns.
    private struct UncheckedWork<T>: @unchecked Sendable {
        let body: () throws -> T
    }
}

/// The result of work running on a `DedicatedThread`, waited for once.
///
/// Unchecked Sendable: `result` is written once by the worker and read by the waiter, both
/// under `condition`.
final class PendingResult<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    fileprivate func fulfil(_ value: Result<T, any Error>) {
        condition.lock()
        result = value
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the work is done; its value or error.
    func wait() throws -> T {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        guard let result else { preconditionFailure("PendingResult: woken without a result") }
        return try result.get()
    }
}
