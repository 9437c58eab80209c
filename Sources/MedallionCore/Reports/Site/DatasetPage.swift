import Foundation
import Lake
import Manifest

/// One dataset: every manifest version (source SHA-256, size, rows, schema changes) and its
/// runs, with rows and durations over time.
struct DatasetPage {
    var dataset: DatasetHistory
    /// Runs that have a page in the report directory (others are listed without a link).
    var runPages: Set<String>
    var generatedAt: Date

    static let depth = 1

    var page: ReportPage {
        var body = "<h1>Dataset \(XMLText.escape(dataset.name))"
        if let last = dataset.runs.first { body += " \(ReportPage.badge(last.status))" }
        body += "</h1>\n"
        if let description = dataset.description { body += "<p>\(XMLText.escape(description))</p>\n" }
        if let problem = dataset.configProblem {
            body += "<p class=\"error\">The config does not load: \(XMLText.escape(problem))</p>\n"
        }
        body += chartsSection() + versionsSection() + runsSection()
        return ReportPage(title: "dataset \(dataset.name)", depth: Self.depth, body: body, generatedAt: generatedAt)
    }

    private func runLink(_ runId: String) -> String {
        guard runPages.contains(runId) else { return "<code>\(XMLText.escape(runId))</code>" }
        return "<a href=\"\(ReportPage.link(ReportPage.runPath(runId), depth: Self.depth))\"><code>\(XMLText.escape(runId))</code></a>"
    }

    private func chartsSection() -> String {
        let recent = Array(dataset.runs.prefix(60).reversed())
        guard !recent.isEmpty else { return "<p class=\"muted\">No runs yet: <code>medallion run \(XMLText.escape(dataset.name))</code>.</p>\n" }
        let points = IndexPage.points(recent, dataset: dataset)
        return "<section id=\"trend\"><h2>Last \(recent.count) runs</h2>"
            + SVGChart.runs(points, width: 720, height: 120, caption: IndexPage.caption(points))
            + "<p class=\"legend\">Bars: source rows of the version a run committed (✗ failed, – skipped: no new version). "
            + "Orange line: run duration. Oldest on the left.</p></section>\n"
    }

    private func versionsSection() -> String {
        var out = "<section id=\"versions\"><h2>Manifest versions</h2>"
        guard !dataset.versions.isEmpty else { return out + "<p class=\"muted\">No version yet.</p></section>\n" }
        out += "<table><thead><tr><th class=\"num\">version</th><th>run</th><th>finished (UTC)</th><th>source SHA-256</th>"
            + "<th class=\"num\">size</th><th class=\"num\">source rows</th><th class=\"num\">bronze</th><th class=\"num\">silver</th>"
            + "<th class=\"num\">quarantined</th><th>gold tables</th><th>schema changes</th></tr></thead><tbody>"
        for version in dataset.versions {
            let view = VersionView(version)
            func rows(_ layer: String) -> String { version.rows[layer].map(Figures.count) ?? "–" }
            let gold = version.rows.filter { $0.key.hasPrefix("gold.") }.sorted { $0.key < $1.key }
                .map { "\(XMLText.escape(String($0.key.dropFirst(5)))) \(Figures.count($0.value))" }.joined(separator: "<br>")
            let changes = view.schemaChanges.flatMap { $0.isEmpty ? nil : $0.summary }
            out += "<tr id=\"v\(version.version)\" data-version=\"\(version.version)\"><td class=\"num\">\(version.version)\(version.version == dataset.current?.version ? " (current)" : "")</td>"
            out += "<td>\(runLink(version.runId))</td><td>\(Figures.time(version.finishedAt))</td>"
            out += "<td class=\"sha\">\(version.sourceSHA256)</td>"
            out += "<td class=\"num\" title=\"\(Figures.count(version.sourceBytes)) bytes\">\(Figures.bytes(version.sourceBytes))</td>"
            out += "<td class=\"num\">\(rows("source"))</td><td class=\"num\">\(rows("bronze"))</td><td class=\"num\">\(rows("silver"))</td>"
            out += "<td class=\"num\">\(rows("quarantined"))</td><td>\(gold.isEmpty ? "–" : gold)</td>"
            out += "<td>\(changes.map { "<code>\(XMLText.escape($0))</code>" } ?? "<span class=\"muted\">none</span>")</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    private func runsSection() -> String {
        guard !dataset.runs.isEmpty else { return "" }
        var out = "<section id=\"runs\"><h2>Runs</h2><table><thead><tr><th>run</th><th>status</th><th>started (UTC)</th>"
            + "<th class=\"num\">duration</th><th>forced</th><th>error</th></tr></thead><tbody>"
        for run in dataset.runs {
            out += "<tr data-run=\"\(XMLText.escape(run.runId))\"><td>\(runLink(run.runId))</td><td>\(ReportPage.badge(run.status))</td>"
            out += "<td>\(Figures.time(run.startedAt))</td><td class=\"num\">\(run.durationSeconds.map(Figures.duration) ?? "–")</td>"
            out += "<td>\(run.forced ? "yes" : "")</td><td>\(XMLText.escape(run.error ?? ""))</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }
}
