import Foundation

/// Spreads one slice of work (appending rows, or finishing a row group) over the encoding
/// threads a column at a time. Each thread takes the next column from a shared list ordered by
/// what the columns cost the time before, most expensive first, so the threads run out of work
/// together. Dealing columns out by index instead (column i to thread i % n) left the thread
/// with the lighter columns waiting at the end of every slice for the other one.
///
/// A column is handled by one thread per call and calls never overlap, so a column writer is
/// never touched by two threads at once; it uses the page emitter of the thread that took it.
final class ColumnScheduler: @unchecked Sendable {
    private let threads: Int
    /// Columns, most expensive first; rebuilt after every call.
    private var order: [Int]
    /// Nanoseconds each column took, smoothed over calls. Column c's entry is written only
    /// by the thread running column c.
    private let costs: UnsafeMutableBufferPointer<UInt64>
    private let failures: UnsafeMutableBufferPointer<(any Error)?>
    private let lock = NSLock()
    /// The next entry of `order` to hand out; under `lock`.
    private var next = 0

    init(columns: Int, threads: Int) {
        self.threads = max(1, min(threads, columns))
        order = Array(0..<columns)
        costs = .allocate(capacity: columns)
        costs.initialize(repeating: 0)
        failures = .allocate(capacity: columns)
        failures.initialize(repeating: nil)
    }

    deinit {
        costs.deallocate()
        failures.deinitialize().deallocate()
    }

    /// Runs `body(column, thread)` for every column; `thread` is in `0..<threads`. Rethrows
    /// the error of the lowest-numbered failing column once every thread has stopped.
    func forEachColumn(_ body: (_ column: Int, _ thread: Int) throws -> Void) throws {
        if threads == 1 {
            for column in order.indices { try body(column, 0) }
            return
        }
        next = 0
        withoutActuallyEscaping(body) { body in
            let work = Work(scheduler: self, body: body)
            DispatchQueue.concurrentPerform(iterations: threads) { work.run(thread: $0) }
        }
        order.sort { costs[$0] > costs[$1] }
        if let failed = failures.firstIndex(where: { $0 != nil }), let failure = failures[failed] {
            for index in failures.indices { failures[index] = nil }
            throw failure
        }
    }

    private func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < order.count else { return nil }
        next += 1
        return order[next - 1]
    }

    private func giveUp() {
        lock.lock()
        next = order.count
        lock.unlock()
    }

    private struct Work: @unchecked Sendable {
        let scheduler: ColumnScheduler
        let body: (Int, Int) throws -> Void

        func run(thread: Int) {
            while let column = scheduler.claim() {
                let start = DispatchTime.now().uptimeNanoseconds
                do {
                    try body(column, thread)
                } catch {
                    scheduler.failures[column] = error
                    scheduler.giveUp()
                }
                let took = DispatchTime.now().uptimeNanoseconds &- start
                scheduler.costs[column] = (scheduler.costs[column] &* 3 &+ took) / 4
            }
        }
    }
}
