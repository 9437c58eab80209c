import Foundation
import Parquet

/// Encodes and compresses Parquet on its own thread while the caller parses the next batch,
/// so reading and writing overlap on two cores. At most `depth` batches wait in between, which
/// keeps memory bounded.
///
/// The wrapped `ParquetWriter` is touched only by the writer thread after `init`, and the
/// queue state only under `condition`; that confinement is why this is `@unchecked Sendable`.
final class BackgroundParquetWriter: @unchecked Sendable {
    private let writer: ParquetWriter
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [ColumnBatch] = []
    private var closing = false
    private var finished = false
    private var failure: (any Error)?
    private var summary: ParquetWriteSummary?

    init(writer: ParquetWriter, depth: Int = 2) {
        self.writer = writer
        self.depth = max(1, depth)
        // The thread holds this object (and so the writer's per-column buffers) only while it
        // runs: keeping the Thread here too would make a cycle that outlives the step.
        let thread = Thread { [self] in self.drain() }
        thread.name = "medallion-parquet-writer"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Hands a batch to the writer thread; blocks while `depth` batches are pending. Throws the
    /// writer's error as soon as one happened.
    func submit(_ batch: ColumnBatch) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(batch)
        condition.broadcast()
    }

    /// Writes what is pending, closes the file and returns its summary.
    func finish() throws -> ParquetWriteSummary {
        condition.lock()
        defer { condition.unlock() }
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        if let failure { throw failure }
        guard let summary else { throw BackgroundWriterError.notClosed }
        return summary
    }

    /// Stops after the current batch without closing the file (the caller discards it).
    func abandon() {
        condition.lock()
        queue.removeAll()
        if failure == nil { failure = BackgroundWriterError.abandoned }
        closing = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func drain() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            if queue.isEmpty || failure != nil {
                // Closing with nothing left (or after a failure): finish up.
                if failure == nil {
                    condition.unlock()
                    let result = Result { try writer.close() }
                    condition.lock()
                    switch result {
                    case .success(let value): summary = value
                    case .failure(let error): failure = error
                    }
                }
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = queue.removeFirst()
            condition.broadcast()
            condition.unlock()
            do {
                try writer.write(batch)
            } catch {
                condition.lock()
                failure = error
                queue.removeAll()
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}

enum BackgroundWriterError: Error, CustomStringConvertible {
    case notClosed, abandoned
    var description: String {
        switch self {
        case .notClosed: return "the Parquet writer thread ended without closing the file"
        case .abandoned: return "the Parquet write was abandoned"
        }
    }
}
