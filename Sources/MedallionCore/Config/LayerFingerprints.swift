import Crypto
import Foundation
import Lake

/// What each layer's output depends on in a dataset's config, as SHA-256 fingerprints, so a
/// run recomputes only the layers whose settings changed (DESIGN.md, skip logic):
/// - `bronze`: every config section but `description`, `silver`, `data_quality`, `gold` and the
///   operational `schedule`, `priority`, `notify` and `source.max_concurrency`,
///   plus the state-machine definition (a flow change rebuilds everything);
/// - `silver`: the `silver` and `data_quality` sections;
/// - `gold[table]`: that table's definition alone (another table or the memory budget changes
///   no table's rows).
/// Sections are hashed in canonical JSON (sorted keys), so reformatting the file changes nothing.
public struct LayerFingerprints: Sendable, Codable, Equatable {
    public var bronze: String
    public var silver: String
    public var gold: [String: String]

    public init(bronze: String, silver: String, gold: [String: String]) {
        self.bronze = bronze
        self.silver = silver
        self.gold = gold
    }

    /// One fingerprint over all layers (the manifest's `pipeline_fingerprint`).
    public var combined: String {
        var parts = ["bronze=\(bronze)", "silver=\(silver)"]
        parts += gold.keys.sorted().map { "gold.\($0)=\(gold[$0] ?? "")" }
        return Self.digest(label: "pipeline", Array(parts.joined(separator: "\n").utf8))
    }

    static func digest(label: String, _ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("medallion-fingerprint-v2 \(label) \(bytes.count)\n".utf8))
        hasher.update(data: bytes)
        return hasher.finalize().hexString
    }
}

extension DatasetConfig {
    /// The per-layer fingerprints of this config run by `stateMachineBytes`.
    public func layerFingerprints(stateMachineBytes: [UInt8]) -> LayerFingerprints {
        // The bytes parsed once already; a failure here cannot happen for a parsed config, and
        // an empty object then still fingerprints the definition.
        let root = ((try? JSONSerialization.jsonObject(with: Data(rawBytes))) as? [String: Any]) ?? [:]
        func canonical(_ value: Any?) -> [UInt8] {
            guard let value, JSONSerialization.isValidJSONObject([value]),
                  let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys, .fragmentsAllowed]) else {
                return Array("null".utf8)
            }
            return [UInt8](data)
        }
        let layered: Set<String> = ["description", "silver", "data_quality", "gold", "schedule", "priority", "notify"]
        var bronzeSection = root.filter { !layered.contains($0.key) }
        // How many files are fetched at once changes no row: not a reason to rebuild.
        if var source = bronzeSection["source"] as? [String: Any], source["max_concurrency"] != nil {
            source["max_concurrency"] = nil
            bronzeSection["source"] = source
        }
        bronzeSection["state_machine_bytes_sha256"] = SHA256.hash(data: stateMachineBytes).hexString
        let silverSection: [String: Any] = ["silver": root["silver"] ?? NSNull(), "data_quality": root["data_quality"] ?? NSNull()]
        var gold: [String: String] = [:]
        let tables = ((root["gold"] as? [String: Any])?["tables"] as? [Any]) ?? []
        for case let table as [String: Any] in tables {
            guard let name = table["name"] as? String else { continue }
            gold[name] = LayerFingerprints.digest(label: "gold", canonical(table))
        }
        return LayerFingerprints(bronze: LayerFingerprints.digest(label: "bronze", canonical(bronzeSection)),
                                 silver: LayerFingerprints.digest(label: "silver", canonical(silverSection)),
                                 gold: gold)
    }
}
