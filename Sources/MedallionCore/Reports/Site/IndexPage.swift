import Foundation
import Lake
import Manifest

/// The front page: every dataset with its last status, current version, rows per layer and a
/// small chart of rows and duration over its last runs.
struct IndexPage {
    var data: ReportData
    var runPages: Set<String>
    var generatedAt: Date

    /// How many runs the small charts show.
    static let chartRuns = 20

    var page: ReportPage {
        var body = "<h1>Datasets</h1>\n"
        guard !data.datasets.isEmpty else {
            return ReportPage(title: "lake report", depth: 0, body: body + "<p class=\"muted\">No datasets declared in datasets/.</p>",
                              generatedAt: generatedAt)
        }
        body += "<table id=\"datasets\"><thead><tr><th>dataset</th><th>last run</th><th class=\"num\">version</th>"
            + "<th class=\"num\">source</th><th class=\"num\">bronze</th><th class=\"num\">silver</th><th class=\"num\">quarantined</th>"
            + "<th class=\"num\">gold</th><th>last \(Self.chartRuns) runs: rows and duration</th></tr></thead><tbody>"
        for dataset in data.datasets {
            body += row(dataset)
        }
        body += "</tbody></table>\n<p class=\"legend\">Rows are those of the current version. In the charts, bars are the source rows of "
            + "each run's new version (✗ failed, – skipped: none) and the orange line is the run's duration, oldest on the left.</p>\n"
        return ReportPage(title: "lake report", depth: 0, body: body, generatedAt: generatedAt)
    }

    private func row(_ dataset: DatasetHistory) -> String {
        var out = "<tr data-dataset=\"\(XMLText.escape(dataset.name))\"><td><a href=\"\(ReportPage.datasetPath(dataset.name))\">"
            + "\(XMLText.escape(dataset.name))</a>"
        if let description = dataset.description { out += "<br><span class=\"muted\">\(XMLText.escape(description))</span>" }
        out += "</td><td>"
        if let last = dataset.runs.first {
            out += ReportPage.badge(last.status) + "<br>"
            let when = Figures.time(last.startedAt)
            out += runPages.contains(last.runId) ? "<a href=\"\(ReportPage.runPath(last.runId))\">\(when)</a>" : when
        } else {
            out += "<span class=\"muted\">never run</span>"
        }
        out += "</td>"
        let current = dataset.current
        out += "<td class=\"num\">\(current.map { "\($0.version)" } ?? "–")</td>"
        for layer in ["source", "bronze", "silver", "quarantined"] {
            let rows = current?.rows[layer]
            out += "<td class=\"num\" data-layer=\"\(layer)\"\(rows.map { " data-rows=\"\($0)\"" } ?? "")>\(rows.map(Figures.count) ?? "–")</td>"
        }
        let gold = current?.rows.filter { $0.key.hasPrefix("gold.") } ?? [:]
        out += "<td class=\"num\">\(gold.isEmpty ? "–" : "\(Figures.count(gold.values.reduce(0, +))) in \(gold.count) table\(gold.count == 1 ? "" : "s")")</td>"
        let recent = Array(dataset.runs.prefix(Self.chartRuns).reversed())
        let points = Self.points(recent, dataset: dataset)
        out += "<td>\(SVGChart.runs(points, caption: Self.caption(points)))</td></tr>"
        return out
    }

    /// Chart points for runs given oldest first.
    static func points(_ runs: [RunRecord], dataset: DatasetHistory) -> [SVGChart.RunPoint] {
        runs.map { run in
            let rows = dataset.version(of: run)?.rows["source"]
            var tooltip = "\(run.runId): \(run.status.rawValue)"
            if let rows { tooltip += ", \(Figures.count(rows)) rows" }
            if let seconds = run.durationSeconds { tooltip += ", \(Figures.duration(seconds))" }
            return SVGChart.RunPoint(tooltip: tooltip, rows: rows, seconds: run.durationSeconds, status: run.status.rawValue,
                                     symbol: ReportPage.symbol(run.status))
        }
    }

    static func caption(_ points: [SVGChart.RunPoint]) -> String {
        let rows = points.compactMap(\.rows).max().map { "max \(Figures.count($0)) rows" } ?? "no new rows"
        let seconds = points.compactMap(\.seconds).max().map { "longest \(Figures.duration($0))" } ?? ""
        return [rows, seconds].filter { !$0.isEmpty }.joined(separator: " · ")
    }
}
