import Foundation
import Manifest

/// What a manifest version records about its layers beyond their URIs (`layers_json`): the
/// fingerprints they were built under, which layers it took over from an earlier run instead of
/// rebuilding, and which Silver versions of other datasets its Gold tables read.
public struct VersionLayers: Sendable, Codable, Equatable {
    public var fingerprints: LayerFingerprints
    /// Layer ("raw", "bronze", "silver", "gold.<table>") → the run that built it, for layers
    /// this version reused.
    public var reused: [String: String]
    /// Gold table → (dataset → run id of the Silver it read), for tables reading other datasets.
    public var goldInputs: [String: [String: String]]
    /// An incremental database source's watermark after this version (JSON text): the next
    /// run extracts only rows past it.
    public var watermark: String?

    enum CodingKeys: String, CodingKey {
        case fingerprints, reused, watermark
        case goldInputs = "gold_inputs"
    }

    public init(fingerprints: LayerFingerprints, reused: [String: String], goldInputs: [String: [String: String]], watermark: String? = nil) {
        self.fingerprints = fingerprints
        self.reused = reused
        self.goldInputs = goldInputs
        self.watermark = watermark
    }

    /// The record of `version`, nil for versions written before layers were recorded.
    public static func of(_ version: ManifestVersion) -> VersionLayers? {
        version.layersJSON.flatMap { try? JSONDecoder().decode(VersionLayers.self, from: Data($0.utf8)) }
    }

    /// The run that built `layer` of `version` (itself unless the layer was reused).
    public static func builder(of layer: String, in version: ManifestVersion) -> String {
        of(version)?.reused[layer] ?? version.runId
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
