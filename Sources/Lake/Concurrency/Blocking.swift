import Dispatch

/// Runs blocking work (libcurl transfers, file I/O) on a Dispatch thread so it does not
/// occupy one of the few threads of Swift's cooperative pool.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}
