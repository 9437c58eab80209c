import Foundation
import Manifest
import Testing
@testable import MedallionCore

@Suite struct RecomputePlanTests {
    let fingerprints = LayerFingerprints(bronze: "b", silver: "s", gold: ["t1": "g1", "t2": "g2"])

    private func previous(_ layers: VersionLayers?, sha: String = "abc", gold: [String] = ["t1", "t2"]) throws -> ManifestVersion {
        var outputs = ["raw": "r", "bronze": "b", "silver": "s"]
        for table in gold { outputs["gold.\(table)"] = "g/\(table)" }
        return ManifestVersion(dataset: "d", runId: "run1", sourceURL: "file:x", sourceSHA256: sha, sourceBytes: 1, rawURI: "r",
                               pipelineFingerprint: fingerprints.combined, rows: [:], outputs: outputs,
                               layersJSON: try layers?.encoded(), startedAt: Date(), finishedAt: Date())
    }

    private func decide(_ previous: ManifestVersion?, fingerprints: LayerFingerprints? = nil,
                        inputs: [String: [String: String]] = [:]) -> RecomputePlan {
        RecomputePlan.decide(previous: previous, sha256: "abc", fingerprints: fingerprints ?? self.fingerprints, goldInputs: inputs)
    }

    @Test func firstRunsAndNewSourcesRebuildEverything() throws {
        #expect(decide(nil).recompute == .all)
        let layers = VersionLayers(fingerprints: fingerprints, reused: [:], goldInputs: [:])
        #expect(decide(try previous(layers, sha: "other")).recompute == .all)
    }

    @Test func unchangedSkips() throws {
        let layers = VersionLayers(fingerprints: fingerprints, reused: [:], goldInputs: [:])
        #expect(decide(try previous(layers)) == RecomputePlan(recompute: .none, reason: "source unchanged", goldTables: []))
    }

    @Test func bronzeOrSilverSettingsRebuildEverything() throws {
        let layers = VersionLayers(fingerprints: fingerprints, reused: [:], goldInputs: [:])
        var changed = fingerprints
        changed.silver = "s2"
        #expect(decide(try previous(layers), fingerprints: changed).recompute == .all)
        changed = fingerprints
        changed.bronze = "b2"
        #expect(decide(try previous(layers), fingerprints: changed).recompute == .all)
    }

    @Test func aVersionWithoutSilverRebuildsOnlyWhenTheFlowMakesSilver() throws {
        let layers = VersionLayers(fingerprints: LayerFingerprints(bronze: "b", silver: "s", gold: [:]), reused: [:], goldInputs: [:])
        var version = try previous(layers, gold: [])
        version.outputs["silver"] = nil
        let bronzeOnly = LayerFingerprints(bronze: "b", silver: "s", gold: [:])
        // A Bronze-only flow never records Silver: an unchanged source skips.
        #expect(RecomputePlan.decide(previous: version, sha256: "abc", fingerprints: bronzeOnly, goldInputs: [:],
                                     producesSilver: false).recompute == .none)
        // With a Silver step, a version that lacks its output is incomplete.
        #expect(RecomputePlan.decide(previous: version, sha256: "abc", fingerprints: bronzeOnly, goldInputs: [:],
                                     producesSilver: true).recompute == .all)
    }

    @Test func goldChangesRebuildOnlyTheirTables() throws {
        let layers = VersionLayers(fingerprints: fingerprints, reused: [:], goldInputs: ["t2": ["other": "r1"]])
        var changed = fingerprints
        changed.gold["t1"] = "g1b"
        changed.gold["t3"] = "g3"
        let plan = decide(try previous(layers), fingerprints: changed, inputs: ["t2": ["other": "r1"]])
        #expect(plan.recompute == .gold)
        #expect(plan.goldTables == ["t1", "t3"])
        #expect(plan.reason.contains("t1 changed") && plan.reason.contains("t3 added"))
        // Another dataset's newer Silver makes the table reading it stale.
        let stale = decide(try previous(layers), inputs: ["t2": ["other": "r2"]])
        #expect(stale.recompute == .gold && stale.goldTables == ["t2"])
        // A removed table is a new version without it.
        var fewer = fingerprints
        fewer.gold["t2"] = nil
        let removed = decide(try previous(layers), fingerprints: fewer)
        #expect(removed.recompute == .gold && removed.goldTables.isEmpty)
    }

    @Test func versionsWithoutLayerRecordsCompareTheCombinedFingerprint() throws {
        #expect(decide(try previous(nil)).recompute == .none)
        var changed = fingerprints
        changed.gold["t1"] = "x"
        #expect(decide(try previous(nil), fingerprints: changed).recompute == .all)
    }
}
