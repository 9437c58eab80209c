/// `priority` in a dataset config: `run --all` and `run --due` start higher tiers first, and
/// `run --priority` selects one tier.
public enum DatasetPriority: String, Sendable, CaseIterable, Comparable {
    case critical, high, normal, low

    /// Lower runs earlier.
    var rank: Int {
        switch self {
        case .critical: return 0
        case .high: return 1
        case .normal: return 2
        case .low: return 3
        }
    }

    public static func < (a: DatasetPriority, b: DatasetPriority) -> Bool { a.rank < b.rank }
}
