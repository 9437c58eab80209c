import Foundation
import Manifest
import Transform

/// A manifest version as users and scripts see it (`medallion manifest`).
public struct VersionView: Sendable, Codable {
    public var dataset: String
    public var version: Int
    public var run_id: String
    public var source_url: String
    public var source_sha256: String
    public var source_bytes: Int64
    public var source_etag: String?
    public var source_last_modified: String?
    public var raw_uri: String
    public var pipeline_fingerprint: String
    public var rows: [String: Int64]
    public var outputs: [String: String]
    public var schema: [ColumnProfile]?
    /// The Silver quality report of the version.
    public var quality: SilverReport?
    /// How the source columns changed since the previous version.
    public var schema_changes: SchemaDrift?
    /// Per-layer fingerprints, the layers taken over from earlier runs and the Silver versions of
    /// other datasets its Gold read (nil for versions recorded before layers were tracked).
    public var layers: VersionLayers?
    /// Table layer ("silver", "gold.<table>") → its Delta Lake version holding this version's files.
    public var tableVersions: [String: Int64]
    /// When vacuum removed this version's files (nil while kept).
    public var vacuumedAt: String?
    public var started_at: String
    public var finished_at: String

    enum CodingKeys: String, CodingKey {
        case dataset, version, run_id, source_url, source_sha256, source_bytes, source_etag, source_last_modified
        case raw_uri, pipeline_fingerprint, rows, outputs, schema, quality, schema_changes, layers
        case tableVersions = "delta_versions"
        case vacuumedAt = "vacuumed_at"
        case started_at, finished_at
    }

    init(_ v: ManifestVersion) {
        dataset = v.dataset
        version = v.version
        run_id = v.runId
        source_url = v.sourceURL
        source_sha256 = v.sourceSHA256
        source_bytes = v.sourceBytes
        source_etag = v.sourceETag
        source_last_modified = v.sourceLastModified
        raw_uri = v.rawURI
        pipeline_fingerprint = v.pipelineFingerprint
        rows = v.rows
        outputs = v.outputs
        schema = v.schemaJSON.flatMap { try? JSONDecoder().decode([ColumnProfile].self, from: Data($0.utf8)) }
        quality = v.qualityJSON.flatMap { try? JSONDecoder().decode(SilverReport.self, from: Data($0.utf8)) }
        schema_changes = v.schemaChangesJSON.flatMap { try? JSONDecoder().decode(SchemaDrift.self, from: Data($0.utf8)) }
        layers = VersionLayers.of(v)
        tableVersions = v.tableVersions
        vacuumedAt = v.vacuumedAt.map(Timestamps.format)
        started_at = Timestamps.format(v.startedAt)
        finished_at = Timestamps.format(v.finishedAt)
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
            "run:          \(run_id)",
            "source:       \(source_url)",
            "sha256:       \(source_sha256)",
            "bytes:        \(source_bytes)",
            "fingerprint:  \(pipeline_fingerprint)",
            "started:      \(started_at)",
            "finished:     \(finished_at)",
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
        if let schema_changes, !schema_changes.isEmpty {
            lines.append("schema change: \(schema_changes.summary)")
        }
        if let quality {
            lines.append("quality:      \(quality.rowsIn) in, \(quality.rowsOut) out, \(quality.duplicatesRemoved) duplicates removed, "
                         + "\(quality.dropped) dropped, \(quality.quarantined) quarantined (medallion manifest \(dataset) --quality)")
        }
        if let schema {
            lines.append("schema:")
            lines += schema.map { "  \($0.name): \($0.type.rawValue) (nulls \($0.nulls), ~\($0.distinct_estimate) distinct)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// A run as `medallion runs` shows it.
public struct RunView: Sendable, Codable {
    public var run_id: String
    public var dataset: String
    public var status: String
    public var forced: Bool
    public var source_url: String
    public var source_sha256: String?
    public var started_at: String
    public var finished_at: String?
    public var duration_s: Double?
    public var error: String?
    public var cause: String?

    init(_ r: RunRecord) {
        run_id = r.runId
        dataset = r.dataset
        status = r.status.rawValue
        forced = r.forced
        source_url = r.sourceURL
        source_sha256 = r.sourceSHA256
        started_at = Timestamps.format(r.startedAt)
        finished_at = r.finishedAt.map(Timestamps.format)
        duration_s = r.durationSeconds.map { ($0 * 1000).rounded() / 1000 }
        error = r.error
        cause = r.cause
    }
}

/// One execution event as `medallion history` shows it.
public struct EventView: Sendable, Codable {
    public var id: Int
    public var previous_event_id: Int
    public var timestamp: String
    public var type: String
    public var state_name: String?
    public var details: [String: String]?

    init(_ e: ExecutionEventRecord) {
        id = e.eventId
        previous_event_id = e.previousEventId
        timestamp = Timestamps.format(e.timestamp)
        type = e.type
        state_name = e.stateName
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
    public var source_url: String?
    public var last_status: String?
    public var last_run_id: String?
    public var last_run_at: String?
    public var version: Int?
    public var source_sha256: String?
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
    public var next_due: String?
    /// Set when the config does not load.
    public var error: String?
}
