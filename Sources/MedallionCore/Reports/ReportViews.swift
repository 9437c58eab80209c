import Foundation
import Manifest
import Transform

/// A manifest version as users and scripts see it (`medallion manifest`).
public struct VersionView: Sendable, Codable {
    public var dataset: String
    public var version: Int
    public var runId: String
    public var sourceURL: String
    public var sourceSHA256: String
    public var sourceBytes: Int64
    public var sourceETag: String?
    public var sourceLastModified: String?
    public var rawURI: String
    public var pipelineFingerprint: String
    public var rows: [String: Int64]
    public var outputs: [String: String]
    public var schema: [ColumnProfile]?
    /// The Silver quality report of the version.
    public var quality: SilverReport?
    /// How the source columns changed since the previous version.
    public var schemaChanges: SchemaDrift?
    /// Per-layer fingerprints, the layers taken over from earlier runs and the Silver versions of
    /// other datasets its Gold read (nil for versions recorded before layers were tracked).
    public var layers: VersionLayers?
    /// Table layer ("silver", "gold.<table>") → its Delta Lake version holding this version's files.
    public var tableVersions: [String: Int64]
    /// When vacuum removed this version's files (nil while kept).
    public var vacuumedAt: String?
    public var startedAt: String
    public var finishedAt: String

    enum CodingKeys: String, CodingKey {
        case dataset
        case version
        case runId = "run_id"
        case sourceURL = "source_url"
        case sourceSHA256 = "source_sha256"
        case sourceBytes = "source_bytes"
        case sourceETag = "source_etag"
        case sourceLastModified = "source_last_modified"
        case rawURI = "raw_uri"
        case pipelineFingerprint = "pipeline_fingerprint"
        case rows
        case outputs
        case schema
        case quality
        case schemaChanges = "schema_changes"
        case layers
        case tableVersions = "delta_versions"
        case vacuumedAt = "vacuumed_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    init(_ v: ManifestVersion) {
        dataset = v.dataset
        version = v.version
        runId = v.runId
        sourceURL = v.sourceURL
        sourceSHA256 = v.sourceSHA256
        sourceBytes = v.sourceBytes
        sourceETag = v.sourceETag
        sourceLastModified = v.sourceLastModified
        rawURI = v.rawURI
        pipelineFingerprint = v.pipelineFingerprint
        rows = v.rows
        outputs = v.outputs
        schema = v.schemaJSON.flatMap { try? JSONDecoder().decode([ColumnProfile].self, from: Data($0.utf8)) }
        quality = v.qualityJSON.flatMap { try? JSONDecoder().decode(SilverReport.self, from: Data($0.utf8)) }
        schemaChanges = v.schemaChangesJSON.flatMap { try? JSONDecoder().decode(SchemaDrift.self, from: Data($0.utf8)) }
        layers = VersionLayers.of(v)
        tableVersions = v.tableVersions
        vacuumedAt = v.vacuumedAt.map(Timestamps.format)
        startedAt = Timestamps.format(v.startedAt)
        finishedAt = Timestamps.format(v.finishedAt)
    }

    /// The Delta versions in one cell: `silver=3 gold.by_category=2`, `(vacuumed)` when gone.
    public var deltaSummary: String {
        let versions = tableVersions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return vacuumedAt == nil ? versions : versions + " (vacuumed)"
    }

    /// A readable block for the terminal.
    public var text: String {
        var lines = [
            "dataset:      \(dataset)",
            "version:      \(version)",
            "run:          \(runId)",
            "source:       \(sourceURL)",
            "sha256:       \(sourceSHA256)",
            "bytes:        \(sourceBytes)",
            "fingerprint:  \(pipelineFingerprint)",
            "started:      \(startedAt)",
            "finished:     \(finishedAt)",
            "rows:         " + rows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
        ]
        let reused = layers?.reused ?? [:]
        let width = max(13, (outputs.keys.map(\.count).max() ?? 0) + 1)
        lines += outputs.sorted { $0.key < $1.key }.map { layer, uri in
            "\(layer.padding(toLength: width, withPad: " ", startingAt: 0)) \(uri)"
                + (tableVersions[layer].map { "  (Delta version \($0))" } ?? "")
                + (reused[layer].map { "  (reused from run \($0))" } ?? "")
        }
        if let vacuumedAt {
            lines.append("vacuumed:     \(vacuumedAt) (its files are removed; the record stays)")
        }
        if let schemaChanges, !schemaChanges.isEmpty {
            lines.append("schema change: \(schemaChanges.summary)")
        }
        if let quality {
            lines.append("quality:      \(quality.rowsIn) in, \(quality.rowsOut) out, \(quality.duplicatesRemoved) duplicates removed, "
                         + "\(quality.dropped) dropped, \(quality.quarantined) quarantined (medallion manifest \(dataset) --quality)")
        }
        if let schema {
            lines.append("schema:")
            lines += schema.map { "  \($0.name): \($0.type.rawValue) (nulls \($0.nulls), ~\($0.distinctEstimate) distinct)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// A run as `medallion runs` shows it.
public struct RunView: Sendable, Codable {
    public var runId: String
    public var dataset: String
    public var status: String
    public var forced: Bool
    public var sourceURL: String
    public var sourceSHA256: String?
    public var startedAt: String
    public var finishedAt: String?
    public var durationSeconds: Double?
    public var error: String?
    public var cause: String?

    enum CodingKeys: String, CodingKey {
        case runId = "run_id"
        case dataset
        case status
        case forced
        case sourceURL = "source_url"
        case sourceSHA256 = "source_sha256"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationSeconds = "duration_s"
        case error
        case cause
    }

    init(_ r: RunRecord) {
        runId = r.runId
        dataset = r.dataset
        status = r.status.rawValue
        forced = r.forced
        sourceURL = r.sourceURL
        sourceSHA256 = r.sourceSHA256
        startedAt = Timestamps.format(r.startedAt)
        finishedAt = r.finishedAt.map(Timestamps.format)
        durationSeconds = r.durationSeconds.map { ($0 * 1000).rounded() / 1000 }
        error = r.error
        cause = r.cause
    }
}

/// One execution event as `medallion history` shows it.
public struct EventView: Sendable, Codable {
    public var id: Int
    public var previousEventId: Int
    public var timestamp: String
    public var type: String
    public var stateName: String?
    public var details: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id
        case previousEventId = "previous_event_id"
        case timestamp
        case type
        case stateName = "state_name"
        case details
    }

    init(_ e: ExecutionEventRecord) {
        id = e.eventId
        previousEventId = e.previousEventId
        timestamp = Timestamps.format(e.timestamp)
        type = e.type
        stateName = e.stateName
        details = e.detailsJSON.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
    }

    /// The most telling detail on one line: error and cause, else the resource.
    public var summary: String {
        guard let details else { return "" }
        if let error = details["error"] {
            let cause = details["cause"].map { ": \($0)" } ?? ""
            let line = error + cause
            return line.count > 120 ? String(line.prefix(117)) + "..." : line
        }
        return details["resource"] ?? ""
    }
}

/// A declared dataset with its last status (`medallion datasets`).
public struct DatasetView: Sendable, Codable {
    public var dataset: String
    public var description: String?
    public var format: String?
    public var sourceURL: String?
    public var lastStatus: String?
    public var lastRunId: String?
    public var lastRunAt: String?
    public var version: Int?
    public var sourceSHA256: String?
    /// Gold tables of the current version built from another dataset's Silver that has a newer
    /// version since: table → those datasets. The next run rebuilds them.
    public var stale: [String: [String]]?
    /// `priority` of the config.
    public var priority: String?
    /// `schedule` of the config (cron, UTC).
    public var schedule: String?
    /// Whether `run --due` would run it now.
    public var due: Bool?
    /// When it is next due (or since when it is due), UTC.
    public var nextDue: String?
    /// Set when the config does not load.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case dataset, description, format
        case sourceURL = "source_url"
        case lastStatus = "last_status"
        case lastRunId = "last_run_id"
        case lastRunAt = "last_run_at"
        case version
        case sourceSHA256 = "source_sha256"
        case stale, priority, schedule, due
        case nextDue = "next_due"
        case error
    }
}
