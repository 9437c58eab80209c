import Foundation

/// Runs independent per-item jobs on a few threads and returns the results in item order.
/// Worker w handles the items i with i % workers == w and is told its number, so it can keep
/// state of its own (a decompressor) across its items.
public enum ParallelMap {
    public static func map<T>(count: Int, threads: Int, _ body: (_ worker: Int, _ index: Int) throws -> T) throws -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return try (0..<count).map { try body(0, $0) } }
        let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        withoutActuallyEscaping(body) { body in
            let work = Work(body: body, workers: workers, results: results)
            DispatchQueue.concurrentPerform(iterations: workers) { work.run($0) }
        }
        return try results.map { result in
            guard let result else { preconditionFailure("ParallelMap: an item was not processed") }
            return try result.get()
        }
    }

    /// Unchecked: worker w calls `body` only for its own items and writes only their result
    /// slots; `concurrentPerform` returns only when every worker is done.
    private struct Work<T>: @unchecked Sendable {
        let body: (Int, Int) throws -> T
        let workers: Int
        let results: UnsafeMutableBufferPointer<Result<T, any Error>?>

        func run(_ worker: Int) {
            for index in stride(from: worker, to: results.count, by: workers) {
                results[index] = Result { try body(worker, index) }
            }
        }
    }
}
