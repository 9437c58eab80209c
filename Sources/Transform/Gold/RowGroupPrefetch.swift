import Dispatch
import Parquet

/// Decodes one row group on another thread, so the next row group is being read while the
/// caller aggregates the current one (decoding and aggregating take about as long).
///
/// Unchecked Sendable: the reader is touched by one thread at a time. The worker alone reads
/// between `init` and the semaphore's signal; the caller touches neither reader nor result
/// until `batch()` has waited for that signal, and starts the next prefetch only after.
final class RowGroupPrefetch: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var result: Result<ColumnBatch, any Error>?

    init(_ reader: ParquetFileReader, group: Int, columns: [String], threads: Int) {
        let reader = UncheckedReader(reader: reader)
        DispatchQueue.global().async { [self] in
            result = Result { try reader.reader.readRowGroup(group, columns: columns, threads: threads) }
            ready.signal()
        }
    }

    /// The decoded row group, once ready (waits for the decode only the first time).
    func batch() throws -> ColumnBatch {
        ready.wait()
        defer { ready.signal() }
        guard let result else { preconditionFailure("RowGroupPrefetch: signalled without a result") }
        return try result.get()
    }

    /// Carries the reader to the worker; see the type's comment for why this is safe.
    private struct UncheckedReader: @unchecked Sendable {
        let reader: ParquetFileReader
    }
}
