import Foundation
import Manifest

/// `medallion metrics`: the manifest as Prometheus text exposition format (version 0.0.4), for
/// node_exporter's textfile collector or any scraper: per dataset the last run's status, time
/// and duration, the last success, rows per layer of the current version, quarantined rows, and
/// runs and failures so far.
public enum MetricsExposition {
    public static func text(environment: PipelineEnvironment) throws -> String {
        InterruptedRuns.settleAllIdle(environment: environment)
        let store = try ManifestReport.openExisting(environment)
        let data = try ReportData.load(environment: environment, store: store, runLimit: Int(Int32.max))
        var families: [Family] = [
            Family("medallion_last_run_status", "gauge", "1 for the status of the dataset's last run, 0 for the others."),
            Family("medallion_last_run_timestamp_seconds", "gauge", "Unix time the dataset's last run started."),
            Family("medallion_last_run_duration_seconds", "gauge", "Wall-clock seconds of the dataset's last finished run."),
            Family("medallion_last_success_timestamp_seconds", "gauge", "Unix time the dataset's last succeeded or skipped run finished."),
            Family("medallion_current_version", "gauge", "The dataset's current manifest version (0 before the first)."),
            Family("medallion_rows", "gauge", "Rows per layer of the current version (source, bronze, silver, gold.<table>)."),
            Family("medallion_quarantined_rows", "gauge", "Rows the current version quarantined."),
            Family("medallion_runs_total", "counter", "Runs recorded in the manifest, by status."),
            Family("medallion_failures_total", "counter", "Failed runs recorded in the manifest."),
        ]
        for dataset in data.datasets {
            let labels = [("dataset", dataset.name)]
            if let last = dataset.runs.first {
                for status in RunStatus.allCases {
                    families[0].add(labels + [("status", status.rawValue)], last.status == status ? 1 : 0)
                }
                families[1].add(labels, last.startedAt.timeIntervalSince1970)
            }
            if let finished = dataset.runs.first(where: { $0.durationSeconds != nil }), let seconds = finished.durationSeconds {
                families[2].add(labels, seconds)
            }
            if let success = dataset.runs.first(where: { $0.status == .succeeded || $0.status == .skipped }), let at = success.finishedAt {
                families[3].add(labels, at.timeIntervalSince1970)
            }
            families[4].add(labels, Double(dataset.current?.version ?? 0))
            if let current = dataset.current {
                for (layer, rows) in current.rows.sorted(by: { $0.key < $1.key }) where layer != "quarantined" {
                    families[5].add(labels + [("layer", layer)], Double(rows))
                }
                families[6].add(labels, Double(current.rows["quarantined"] ?? 0))
            }
            for status in RunStatus.allCases {
                families[7].add(labels + [("status", status.rawValue)], Double(dataset.runs.filter { $0.status == status }.count))
            }
            families[8].add(labels, Double(dataset.runs.filter { $0.status == .failed }.count))
        }
        return families.map(\.text).joined()
    }

    /// Writes the exposition to `path` atomically (a scraper never reads half a file).
    public static func write(to path: String, environment: PipelineEnvironment) throws {
        let text = try text(environment: environment)
        try Data(text.utf8).write(to: URL(fileURLWithPath: environment.path(path).path), options: .atomic)
    }

    private struct Family {
        let name: String
        let type: String
        let help: String
        var samples: [String] = []

        init(_ name: String, _ type: String, _ help: String) {
            self.name = name
            self.type = type
            self.help = help
        }

        mutating func add(_ labels: [(String, String)], _ value: Double) {
            let rendered = labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",")
            samples.append("\(name){\(rendered)} \(Self.number(value))\n")
        }

        var text: String { "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" + samples.joined() }

        /// Label values escape backslash, double quote and line feed (the format's only escapes).
        static func escape(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }

        static func number(_ value: Double) -> String {
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(format: "%.3f", value)
        }
    }
}
