import Foundation
import Lake
import Manifest
import StateMachine

/// What a run compares against to decide what to rebuild: the last good version, the config's
/// per-layer fingerprints and the Silver versions its Gold reads. FetchAndHash decides with it,
/// and `run --dry-run` predicts with the very same rules.
struct ChangeCheck {
    let fingerprints: LayerFingerprints
    /// Whether the flow has a Silver step (a version without Silver is then incomplete).
    let producesSilver: Bool
    let previous: ManifestVersion?
    let goldInputs: [String: [String: String]]
    let waiting: Set<String>

    init(config: DatasetConfig, stateMachineBytes: [UInt8], store: (any ManifestStore)?) throws {
        fingerprints = config.layerFingerprints(stateMachineBytes: stateMachineBytes)
        // Parsing a few kilobytes again costs well under a millisecond.
        producesSilver = (try? StateMachineDefinition.parse(Data(stateMachineBytes)))?.taskResources.contains(SilverStep.resource) ?? true
        previous = try store?.latestVersion(dataset: config.name)
        goldInputs = try store.map { try GoldDependencies.currentInputs(of: config, store: $0) } ?? [:]
        waiting = Set(try store.map { try GoldDependencies.waitingTables(of: config, store: $0).keys } ?? [:].keys)
    }

    /// Conditional request headers, when the last version fetched the same URL under the same pipeline.
    func conditional(redactedURL: String, force: Bool) -> ConditionalRequest? {
        guard let previous, !force, previous.sourceURL == redactedURL, previous.pipelineFingerprint == fingerprints.combined else { return nil }
        return ConditionalRequest(etag: previous.sourceETag, lastModified: previous.sourceLastModified)
    }

    /// What a run would rebuild if the source were unchanged.
    var ifUnchanged: Recompute {
        guard let previous else { return .all }
        return plan(sha256: previous.sourceSHA256, notModified: false, force: false).recompute
    }

    /// The incremental watermark of the last good version, if any.
    var watermark: String? { previous.flatMap(VersionLayers.of)?.watermark }

    /// The decision for a database extract. An incremental one with no row past the watermark
    /// counts as unchanged (Gold-only changes still rebuild Gold); with rows, it says how many.
    func plan(extract: DatabaseExtract.Result, incremental: Bool, force: Bool) -> RecomputePlan {
        guard incremental, let previous, !force else { return plan(sha256: extract.fetch.sha256, notModified: false, force: force) }
        guard extract.rows == 0 else {
            var plan = plan(sha256: extract.fetch.sha256, notModified: false, force: false)
            plan.reason = "\(extract.rows) new row\(extract.rows == 1 ? "" : "s") past the watermark \(watermark ?? "-")"
            return plan
        }
        var plan = self.plan(sha256: previous.sourceSHA256, notModified: false, force: false)
        if plan.recompute == .none { plan.reason = "no rows past the watermark \(watermark ?? "-")" }
        return plan
    }

    /// The decision for a source with this hash (`notModified`: the server said 304).
    func plan(sha256: String, notModified: Bool, force: Bool) -> RecomputePlan {
        var plan = RecomputePlan.decide(previous: previous, sha256: sha256, fingerprints: fingerprints, goldInputs: goldInputs,
                                        producesSilver: producesSilver, waiting: waiting)
        if plan.recompute == .none && notModified { plan.reason = "source not modified (HTTP 304)" }
        if force && plan.recompute != .all { plan = RecomputePlan(recompute: .all, reason: "forced (\(plan.reason))", goldTables: []) }
        return plan
    }
}
