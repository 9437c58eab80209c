import Manifest

/// Which layers a run rebuilds, decided by FetchAndHash from the source hash and the
/// per-layer fingerprints of the last good version.
public enum Recompute: String, Sendable, Codable {
    /// Bronze, Silver and Gold (a new source, a Bronze or Silver setting, or `--force`).
    case all
    /// Only the Gold tables whose definition or input changed; the current Silver is reused.
    case gold
    /// Nothing changed: the run is a skip.
    case none
}

/// The decision and its reason, as FetchAndHash reports them.
struct RecomputePlan: Equatable {
    var recompute: Recompute
    var reason: String
    /// With `.gold`: the tables to rebuild (the others are reused as they are).
    var goldTables: [String]

    /// `goldInputs`: table → (dataset → its current Silver run) for tables reading other
    /// datasets; `waiting`: tables whose other dataset has no Silver yet (not built, not a change);
    /// `producesSilver`: whether the flow has a Silver step (a version without Silver output
    /// is then incomplete and rebuilt).
    static func decide(previous: ManifestVersion?, sha256: String, fingerprints: LayerFingerprints,
                       goldInputs: [String: [String: String]], producesSilver: Bool = true,
                       waiting: Set<String> = []) -> RecomputePlan {
        guard let previous else { return RecomputePlan(recompute: .all, reason: "first ingestion", goldTables: []) }
        if previous.sourceSHA256 != sha256 {
            return RecomputePlan(recompute: .all, reason: "source SHA-256 changed", goldTables: [])
        }
        guard let layers = VersionLayers.of(previous) else {
            return previous.pipelineFingerprint == fingerprints.combined
                ? RecomputePlan(recompute: .none, reason: "source unchanged", goldTables: [])
                : RecomputePlan(recompute: .all, reason: "pipeline changed (dataset config or state machine)", goldTables: [])
        }
        if layers.fingerprints.bronze != fingerprints.bronze {
            return RecomputePlan(recompute: .all, reason: "pipeline changed (source settings or state machine)", goldTables: [])
        }
        if layers.fingerprints.silver != fingerprints.silver || (producesSilver && previous.outputs["silver"] == nil) {
            return RecomputePlan(recompute: .all, reason: "silver settings changed", goldTables: [])
        }
        var changed: [String] = []
        var reasons: [String] = []
        for table in fingerprints.gold.keys.sorted() where !waiting.contains(table) {
            if layers.fingerprints.gold[table] == nil || previous.outputs["gold.\(table)"] == nil {
                changed.append(table)
                reasons.append("gold table \(table) added")
            } else if layers.fingerprints.gold[table] != fingerprints.gold[table] {
                changed.append(table)
                reasons.append("gold table \(table) changed")
            } else if (layers.goldInputs[table] ?? [:]) != (goldInputs[table] ?? [:]) {
                changed.append(table)
                let moved = Set((layers.goldInputs[table] ?? [:]).keys).union((goldInputs[table] ?? [:]).keys).sorted()
                reasons.append("gold table \(table) reads a newer silver of \(moved.joined(separator: ", "))")
            }
        }
        let removed = layers.fingerprints.gold.keys.filter { fingerprints.gold[$0] == nil }.sorted()
        reasons += removed.map { "gold table \($0) removed" }
        if changed.isEmpty && removed.isEmpty {
            return RecomputePlan(recompute: .none, reason: "source unchanged", goldTables: [])
        }
        return RecomputePlan(recompute: .gold, reason: reasons.joined(separator: "; "), goldTables: changed)
    }
}
