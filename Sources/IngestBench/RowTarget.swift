import Foundation

/// A goal from issue 15 that a row is held to; the table says whether this run met it.
enum RowTarget {
    /// medallion's throughput at least this many times the best peer's.
    case throughput(atLeast: Double)
    /// medallion's time at most this many times the best peer's (the issue words the skip
    /// target as time: ≤ 1.2× the time to SHA-256 the file).
    case time(atMost: Double)
    /// medallion's output bytes at most this many times the reference peer's.
    case outputSize(atMost: Double)
    /// medallion's peak RSS at most this many MB.
    case peakRSS(atMostMB: Double)

    var text: String {
        switch self {
        case .throughput(let ratio): String(format: "≥ %.1f×", ratio)
        case .time(let ratio): String(format: "time ≤ %.1f×", ratio)
        case .outputSize(let ratio): String(format: "output ≤ %.1f×", ratio)
        case .peakRSS(let megabytes): String(format: "RSS ≤ %.0f MB", megabytes)
        }
    }

    /// nil when the run has no figure to judge (a tool failed or is missing).
    func met(by result: RowResult) -> Bool? {
        switch self {
        case .throughput(let ratio): result.ratio.map { $0 >= ratio }
        case .time(let ratio): result.ratio.map { 1 / $0 <= ratio }
        case .outputSize(let ratio): result.sizeRatio.map { $0 <= ratio }
        case .peakRSS(let megabytes): result.medallion.peakRSSBytes.map { Double($0) / 1e6 <= megabytes }
        }
    }

    func verdict(for result: RowResult) -> String {
        let mark = switch met(by: result) {
        case true?: "✓"
        case false?: "✗"
        case nil: "?"
        }
        return "\(text) \(mark)"
    }
}
