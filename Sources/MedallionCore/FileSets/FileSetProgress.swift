import Foundation
import Lake

/// Bytes read so far over every file of a many-file fetch, for one progress line: each file
/// reports its own running count from its own task, and the sum is passed on.
final class FileSetProgress: @unchecked Sendable {
    // The lock guards `perFile` and `sum`; callbacks arrive from concurrent fetches.
    private let lock = NSLock()
    private var perFile: [Int: Int64] = [:]
    private var sum: Int64 = 0
    private let report: @Sendable (Int64) -> Void

    init(report: @escaping @Sendable (Int64) -> Void) {
        self.report = report
    }

    /// The progress callback for file `index`.
    func callback(file index: Int) -> @Sendable (FetchProgress) -> Void {
        { [self] update in
            let total: Int64 = lock.withLock {
                sum += update.bytes - (perFile[index] ?? 0)
                perFile[index] = update.bytes
                return sum
            }
            report(total)
        }
    }
}
