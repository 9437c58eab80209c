import Foundation

/// Runs an independent per-column job on a few threads and collects the results in column
/// order: the casts and trims of one batch's columns share no state.
enum ParallelColumns {
    static func map<T>(count: Int, threads: Int, _ body: (Int) throws -> T) throws -> [T] {
        let workers = max(1, min(threads, count))
        if workers == 1 { return try (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize().deallocate() }
        withoutActuallyEscaping(body) { body in
            let work = Work(body: body, workers: workers, results: results)
            DispatchQueue.concurrentPerform(iterations: workers) { work.run($0) }
        }
        return try results.map { result in
            guard let result else { throw TransformError.input("a column was not processed") }
            return try result.get()
        }
    }

    /// Unchecked: worker w calls `body` only for the columns i with i % workers == w and writes
    /// only their result slots; `concurrentPerform` returns only when every worker is done.
    private struct Work<T>: @unchecked Sendable {
        let body: (Int) throws -> T
        let workers: Int
        let results: UnsafeMutableBufferPointer<Result<T, any Error>?>

        func run(_ worker: Int) {
            for index in stride(from: worker, to: results.count, by: workers) {
                results[index] = Result { try body(index) }
            }
        }
    }
}
