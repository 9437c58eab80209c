import Foundation

/// One successful ingestion of a dataset: what was read, what was written, and by which pipeline.
///
/// Every version is kept; the highest `version` is the dataset's current state.
public struct ManifestVersion: Sendable, Codable, Equatable {
    public var dataset: String
    /// 1, 2, 3… per dataset; assigned by the store when committed.
    public var version: Int
    public var runId: String
    public var sourceURL: String
    public var sourceSHA256: String
    public var sourceBytes: Int64
    public var sourceETag: String?
    public var sourceLastModified: String?
    /// The byte-exact source copy in the raw layer.
    public var rawURI: String
    /// SHA-256 of the dataset config and the state-machine definition.
    public var pipelineFingerprint: String
    /// Row counts per layer ("source", "bronze", …).
    public var rows: [String: Int64]
    /// Published partition URIs per layer.
    public var outputs: [String: String]
    /// The inferred source schema as JSON text (column profiles), when recorded.
    public var schemaJSON: String?
    /// The Silver quality report as JSON text (rows in/out, expectations, null shares).
    public var qualityJSON: String?
    /// How the source columns changed since the previous version, as JSON text.
    public var schemaChangesJSON: String?
    /// Per-layer fingerprints, reused layers and Gold inputs as JSON text (MedallionCore's `VersionLayers`).
    public var layersJSON: String?
    /// The Delta Lake table version each table of this version is ("silver", "gold.<table>" →
    /// version in its `_delta_log/`); a table this version reused keeps the version it had.
    public var tableVersions: [String: Int64]
    /// When `medallion vacuum` removed this version's files (nil while they are kept).
    public var vacuumedAt: Date?
    public var startedAt: Date
    public var finishedAt: Date

    public init(dataset: String, version: Int = 0, runId: String, sourceURL: String, sourceSHA256: String,
                sourceBytes: Int64, sourceETag: String? = nil, sourceLastModified: String? = nil,
                rawURI: String, pipelineFingerprint: String, rows: [String: Int64], outputs: [String: String],
                schemaJSON: String? = nil, qualityJSON: String? = nil, schemaChangesJSON: String? = nil,
                layersJSON: String? = nil, tableVersions: [String: Int64] = [:], vacuumedAt: Date? = nil,
                startedAt: Date, finishedAt: Date) {
        self.dataset = dataset
        self.version = version
        self.runId = runId
        self.sourceURL = sourceURL
        self.sourceSHA256 = sourceSHA256
        self.sourceBytes = sourceBytes
        self.sourceETag = sourceETag
        self.sourceLastModified = sourceLastModified
        self.rawURI = rawURI
        self.pipelineFingerprint = pipelineFingerprint
        self.rows = rows
        self.outputs = outputs
        self.schemaJSON = schemaJSON
        self.qualityJSON = qualityJSON
        self.schemaChangesJSON = schemaChangesJSON
        self.layersJSON = layersJSON
        self.tableVersions = tableVersions
        self.vacuumedAt = vacuumedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
