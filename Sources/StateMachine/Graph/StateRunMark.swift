/// How one state fared in one run, for drawing the run over the graph.
public struct StateRunMark: Sendable {
    public enum Status: String, Sendable {
        case succeeded, failed, skipped
        case notReached = "not reached"

        /// A mark that does not rely on colour alone.
        public var symbol: String {
            switch self {
            case .succeeded: return "✓"
            case .failed: return "✗"
            case .skipped: return "–"
            case .notReached: return "·"
            }
        }

        /// `state-succeeded`, `state-not-reached`, …: the class of the state's SVG node.
        public var cssClass: String { "state-" + rawValue.replacingOccurrences(of: " ", with: "-") }
    }

    public var status: Status
    /// From entering the state to leaving it (or failing), when it was entered.
    public var seconds: Double?
    /// Task attempts (1 + retries); 0 when not a Task or not run.
    public var attempts: Int

    public init(status: Status, seconds: Double?, attempts: Int) {
        self.status = status
        self.seconds = seconds
        self.attempts = attempts
    }

    /// "✓ succeeded · 1.24 s · 2 attempts"
    public var text: String {
        var parts = ["\(status.symbol) \(status.rawValue)"]
        if let seconds { parts.append(Self.duration(seconds)) }
        if attempts > 1 { parts.append("\(attempts) attempts") }
        return parts.joined(separator: " · ")
    }

    /// "840 ms", "1.24 s", "3 min 5 s", "2 h 4 min": the one way durations are written.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.2f s", seconds) }
        let whole = Int(seconds.rounded())
        return whole < 3600 ? "\(whole / 60) min \(whole % 60) s" : "\(whole / 3600) h \(whole / 60 % 60) min"
    }
}
