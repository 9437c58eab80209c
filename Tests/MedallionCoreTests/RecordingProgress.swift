import Foundation
import MedallionCore

/// Records the source bytes a run reports reading, so a test can count how many times it read
/// the source, and can act once at the end of a read (to change the file between two reads).
final class RecordingProgress: ProgressSink, @unchecked Sendable {
    private let lock = NSLock()
    private var reads: [Int64] = []
    private var atEndOfRead: (@Sendable () -> Void)?

    /// Runs `action` once, on the reading thread, when a read of the source first reaches its end.
    func once(atEndOfRead action: @escaping @Sendable () -> Void) {
        lock.withLock { atEndOfRead = action }
    }

    /// The reported byte counts, in order.
    var bytes: [Int64] { lock.withLock { reads } }

    /// How many times the source was read from its start: each read reports a growing count, so a
    /// count smaller than the one before starts another read. (The first report of a read comes
    /// after its first 4 MiB, so sources larger than that tell their reads apart.)
    var passes: Int {
        let counts = bytes
        guard !counts.isEmpty else { return 0 }
        return 1 + zip(counts, counts.dropFirst()).filter { $1 < $0 }.count
    }

    func downloaded(dataset: String, bytes: Int64, total: Int64?) {
        let action: (@Sendable () -> Void)? = lock.withLock {
            reads.append(bytes)
            guard bytes == total, let action = atEndOfRead else { return nil }
            atEndOfRead = nil
            return action
        }
        action?()
    }

    func rows(dataset: String, step: String, count: Int64) {}
    func note(dataset: String, _ message: String) {}
}
