import Foundation

/// Carries Swift task cancellation into a blocking libcurl transfer, whose progress
/// callback polls it (libcurl calls that at least once a second).
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    func cancel() { lock.lock(); cancelled = true; lock.unlock() }

    var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }
}

/// `runBlocking` whose work sees the calling task's cancellation through `flag`.
func runBlockingCancellable<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
    let flag = CancellationFlag()
    return try await withTaskCancellationHandler {
        try await runBlocking { try work(flag) }
    } onCancel: {
        flag.cancel()
    }
}
