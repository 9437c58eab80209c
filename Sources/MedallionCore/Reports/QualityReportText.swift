import Foundation
import Transform

/// The quality report of one version as `medallion manifest <dataset> --quality` prints it.
public enum QualityReportText {
    public static func render(_ report: SilverReport, dataset: String, version: Int, runId: String) -> String {
        var lines = [
            "dataset:            \(dataset)",
            "version:            \(version) (run \(runId))",
            "rows in:            \(report.rowsIn)",
            "rows out:           \(report.rowsOut)",
            "duplicates removed: \(report.duplicatesRemoved)",
            "dropped:            \(report.dropped)",
            "quarantined:        \(report.quarantined)",
        ]
        if !report.expectations.isEmpty {
            lines.append("expectations:")
            let width = report.expectations.map(\.name.count).max() ?? 0
            for e in report.expectations {
                let name = e.name.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("  \(name)  \(e.check) \(e.column) [\(e.action)]  passed \(e.passed)  failed \(e.failed)")
            }
        }
        if !report.castFailures.isEmpty {
            lines.append("values that did not cast (now null):")
            for (column, count) in report.castFailures.sorted(by: { $0.key < $1.key }) { lines.append("  \(column): \(count)") }
        }
        lines.append("null share:")
        for (column, share) in report.nullShare.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(column): " + String(format: "%.2f%%", share * 100))
        }
        return lines.joined(separator: "\n")
    }
}
