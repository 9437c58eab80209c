import Foundation
import Lake
import Manifest
import StateMachine
import Transform

/// One run: how it went (status, error, flow graph coloured by outcome, timeline of states),
/// what it produced (rows in and out of every layer, quality, schema and its changes, outputs).
struct RunPage {
    var dataset: DatasetHistory
    var run: RunRecord
    var events: [ExecutionEventRecord]
    /// The flow laid out by Graphviz with this run's marks, or why there is none.
    var flow: Result<String, FlowUnavailable>
    var timeline: [RunMarks.Entry]
    var generatedAt: Date

    struct FlowUnavailable: Error { var reason: String }

    static let depth = 1

    var page: ReportPage {
        var body = header()
        if run.status == .failed || run.status == .interrupted { body += errorSection() }
        body += flowSection()
        body += timelineSection()
        if let version = dataset.version(of: run) {
            let view = VersionView(version)
            body += rowsSection(view)
            body += qualitySection(view)
            body += schemaSection(view, hasPrevious: dataset.previous(of: version) != nil)
            body += outputsSection(view)
        } else {
            body += noVersionSection()
        }
        return ReportPage(title: "\(dataset.name) run \(run.runId)", depth: Self.depth, body: body, generatedAt: generatedAt)
    }

    private func header() -> String {
        let datasetLink = ReportPage.link(ReportPage.datasetPath(dataset.name), depth: Self.depth)
        var facts: [(String, String)] = [
            ("dataset", "<a href=\"\(datasetLink)\">\(XMLText.escape(dataset.name))</a>"),
            ("started", Figures.time(run.startedAt)),
            ("finished", run.finishedAt.map(Figures.time) ?? "<span class=\"muted\">not finished</span>"),
            ("duration", run.durationSeconds.map(Figures.duration) ?? "–"),
            ("forced", run.forced ? "yes (--force)" : "no"),
            ("source", "<code>\(XMLText.escape(run.sourceURL))</code>"),
            ("source SHA-256", run.sourceSHA256.map { "<span class=\"sha\">\($0)</span>" } ?? "<span class=\"muted\">not hashed</span>"),
        ]
        if let version = dataset.version(of: run) {
            facts.append(("manifest version", "<a href=\"\(datasetLink)#v\(version.version)\">\(version.version)</a>"))
        }
        var out = "<h1>Run <code>\(XMLText.escape(run.runId))</code> \(ReportPage.badge(run.status))</h1>\n<dl class=\"facts\">"
        for (term, value) in facts { out += "<dt>\(term)</dt><dd>\(value)</dd>" }
        return out + "</dl>\n"
    }

    private func errorSection() -> String {
        var out = "<section id=\"error\"><h2>Error</h2><div class=\"error\">"
        out += "<div><strong class=\"error-name\">\(XMLText.escape(run.error ?? (run.status == .interrupted ? "interrupted" : "failed")))</strong></div>"
        if let cause = run.cause, !cause.isEmpty { out += "<pre class=\"cause\">\(XMLText.escape(cause))</pre>" }
        if run.status == .interrupted {
            out += "<p>The process running it died; <code>medallion resume \(XMLText.escape(run.runId))</code> redrives it.</p>"
        }
        out += "<p>Nothing of this run was published; the manifest kept its previous version.</p>"
        return out + "</div></section>\n"
    }

    private func flowSection() -> String {
        var out = "<section id=\"flow\"><h2>Flow</h2>"
        switch flow {
        case .success(let svg):
            out += "<div class=\"flow\">\(svg)</div>"
            out += "<p class=\"legend\">✓ succeeded (green, solid border) · ✗ failed (red, bold border) · – skipped (grey, dashed) · · not reached (white, dotted). "
                + "Dashed red edges are Catch transitions. Drawn from today's definition "
                + "<code>\(XMLText.escape(dataset.stateMachine ?? ""))</code>.</p>"
        case .failure(let unavailable):
            out += "<p class=\"note\">No flow graph: \(XMLText.escape(unavailable.reason)).</p>"
        }
        return out + "</section>\n"
    }

    private func timelineSection() -> String {
        let start = run.startedAt
        let end = run.finishedAt ?? events.last?.timestamp ?? start
        let total = max(0, end.timeIntervalSince(start))
        let spans = timeline.map { entry in
            SVGChart.Span(state: entry.state, offset: entry.entered.map { $0.timeIntervalSince(start) }, seconds: entry.mark.seconds,
                          status: entry.mark.status.cssClass.replacingOccurrences(of: "state-", with: ""), text: entry.mark.text)
        }
        var out = "<section id=\"timeline\"><h2>Timeline</h2>"
        out += SVGChart.timeline(spans, total: total, caption: "states of run \(run.runId) over its \(Figures.duration(total))")
        out += "<table><thead><tr><th>state</th><th>status</th><th>entered (UTC)</th><th class=\"num\">after start</th>"
            + "<th class=\"num\">duration</th><th class=\"num\">attempts</th></tr></thead><tbody>"
        for entry in timeline {
            let status = entry.mark.status
            let slug = status.cssClass.replacingOccurrences(of: "state-", with: "")
            out += "<tr data-state=\"\(XMLText.escape(entry.state))\" data-status=\"\(slug)\">"
            out += "<td>\(XMLText.escape(entry.state))</td>"
            out += "<td><span class=\"badge \(slug)\">\(status.symbol) \(status.rawValue)</span></td>"
            out += "<td class=\"mono\">\(entry.entered.map(Figures.clock) ?? "–")</td>"
            out += "<td class=\"num\">\(entry.entered.map { "+" + Figures.duration($0.timeIntervalSince(start)) } ?? "–")</td>"
            out += "<td class=\"num\">\(entry.mark.seconds.map(Figures.duration) ?? "–")</td>"
            let retries = entry.mark.attempts > 1 ? " (\(entry.mark.attempts - 1) retr\(entry.mark.attempts == 2 ? "y" : "ies"))" : ""
            out += "<td class=\"num\">\(entry.mark.attempts > 0 ? "\(entry.mark.attempts)\(retries)" : "–")</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    /// Rows in and out of every layer the version has, in pipeline order.
    private func rowsSection(_ view: VersionView) -> String {
        struct Layer { var name: String; var rowsIn: Int64?; var rowsOut: Int64; var note: String }
        let rows = view.rows
        let reused = view.layers?.reused ?? [:]
        func reuseNote(_ layer: String) -> String {
            reused[layer].map { "reused from run <a href=\"\(ReportPage.link(ReportPage.runPath($0), depth: Self.depth))\">\(XMLText.escape($0))</a>" } ?? ""
        }
        var layers: [Layer] = []
        if let source = rows["source"] { layers.append(Layer(name: "source", rowsIn: nil, rowsOut: source, note: "records read from the source")) }
        if let bronze = rows["bronze"] { layers.append(Layer(name: "bronze", rowsIn: rows["source"], rowsOut: bronze, note: reuseNote("bronze"))) }
        if let silver = rows["silver"] {
            var note = reuseNote("silver")
            if let quality = view.quality, note.isEmpty {
                note = "\(Figures.count(quality.duplicatesRemoved)) duplicates removed, \(Figures.count(quality.dropped)) dropped, "
                    + "\(Figures.count(quality.quarantined)) quarantined"
            }
            layers.append(Layer(name: "silver", rowsIn: view.quality?.rowsIn ?? rows["bronze"], rowsOut: silver, note: note))
        }
        if let quarantined = rows["quarantined"] {
            layers.append(Layer(name: "quarantined", rowsIn: nil, rowsOut: quarantined, note: "rows that broke a quarantine expectation"))
        }
        for key in rows.keys.filter({ $0.hasPrefix("gold.") }).sorted() {
            let note = reuseNote(key).isEmpty ? "rebuilt by this run" : reuseNote(key)
            layers.append(Layer(name: key, rowsIn: rows["silver"], rowsOut: rows[key] ?? 0, note: note))
        }
        var out = "<section id=\"rows\"><h2>Rows per layer</h2>"
        out += SVGChart.horizontalBars(layers.map { SVGChart.Bar(label: $0.name, value: Double($0.rowsOut), text: "\(Figures.count($0.rowsOut)) rows",
                                                                  status: $0.name == "quarantined" ? "warn" : "neutral") },
                                       caption: "rows out of each layer")
        out += "<table><thead><tr><th>layer</th><th class=\"num\">rows in</th><th class=\"num\">rows out</th><th>notes</th></tr></thead><tbody>"
        for layer in layers {
            out += "<tr><td>\(XMLText.escape(layer.name))</td><td class=\"num\">\(layer.rowsIn.map(Figures.count) ?? "–")</td>"
            out += "<td class=\"num\" data-layer=\"\(XMLText.escape(layer.name))\" data-rows=\"\(layer.rowsOut)\">\(Figures.count(layer.rowsOut))</td>"
            out += "<td>\(layer.note)</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    private func qualitySection(_ view: VersionView) -> String {
        guard let quality = view.quality else { return "" }
        var out = "<section id=\"quality\"><h2>Quality</h2>"
        out += "<p>\(Figures.count(quality.rowsIn)) rows in, \(Figures.count(quality.rowsOut)) out: "
            + "\(Figures.count(quality.duplicatesRemoved)) duplicates removed, \(Figures.count(quality.dropped)) dropped, "
            + "<strong data-quarantined=\"\(quality.quarantined)\">\(Figures.count(quality.quarantined)) quarantined</strong>.</p>"
        if !quality.expectations.isEmpty {
            out += "<table><thead><tr><th>expectation</th><th>column</th><th>check</th><th>on failure</th>"
                + "<th class=\"num\">passed</th><th class=\"num\">failed</th><th>share</th><th>first failing source row</th></tr></thead><tbody>"
            for expectation in quality.expectations {
                let total = expectation.passed + expectation.failed
                let verdict = expectation.failed == 0 ? "pass" : "fail"
                out += "<tr data-expectation=\"\(XMLText.escape(expectation.name))\" data-result=\"\(verdict)\">"
                out += "<td>\(verdict == "pass" ? "✓" : "✗") \(XMLText.escape(expectation.name))</td><td><code>\(XMLText.escape(expectation.column))</code></td>"
                out += "<td>\(XMLText.escape(expectation.check))</td><td>\(XMLText.escape(expectation.action))</td>"
                out += "<td class=\"num\">\(Figures.count(expectation.passed))</td><td class=\"num\">\(Figures.count(expectation.failed))</td>"
                out += "<td>\(SVGChart.passFail(passed: expectation.passed, failed: expectation.failed)) "
                    + "\(total > 0 ? Figures.percent(Double(expectation.failed) / Double(total)) + " failed" : "")</td>"
                out += "<td class=\"num\">\(expectation.firstFailedSourceRow.map(Figures.count) ?? "–")</td></tr>"
            }
            out += "</tbody></table>"
        }
        if !quality.nullShare.isEmpty {
            out += "<h3>Null share per Silver column</h3>"
            let bars = quality.nullShare.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { SVGChart.Bar(label: $0.key, value: $0.value, text: Figures.percent($0.value)) }
            out += SVGChart.horizontalBars(bars, scale: 1, caption: "share of null values per Silver column")
        }
        let castFailures = quality.castFailures.filter { $0.value > 0 }
        if !castFailures.isEmpty {
            out += "<h3>Values that did not cast (became null)</h3><table><tbody>"
            for (column, count) in castFailures.sorted(by: { $0.key < $1.key }) {
                out += "<tr><td><code>\(XMLText.escape(column))</code></td><td class=\"num\">\(Figures.count(count))</td></tr>"
            }
            out += "</tbody></table>"
        }
        return out + "</section>\n"
    }

    private func schemaSection(_ view: VersionView, hasPrevious: Bool) -> String {
        guard let schema = view.schema else { return "" }
        let drift = view.schemaChanges
        let added = Set(drift?.added ?? [])
        let retyped = Dictionary((drift?.retyped ?? []).map { ($0.column, $0.from) }, uniquingKeysWith: { first, _ in first })
        var out = "<section id=\"schema\"><h2>Source schema</h2>"
        if let drift, !drift.isEmpty {
            out += "<p>Changed since the previous version: <code>\(XMLText.escape(drift.summary))</code> (+ added, − removed, ~ retyped).</p>"
        } else if hasPrevious {
            out += "<p class=\"muted\">No change since the previous version.</p>"
        }
        out += "<table><thead><tr><th>column</th><th>type</th><th class=\"num\">values</th><th class=\"num\">nulls</th>"
            + "<th class=\"num\">distinct (est.)</th><th class=\"num\">max length</th></tr></thead><tbody>"
        for column in schema {
            let change = added.contains(column.name) ? " class=\"added\"" : ""
            let type = retyped[column.name].map { "\(column.type.rawValue) <span class=\"muted\">(was \($0))</span>" } ?? column.type.rawValue
            out += "<tr\(change)><td><code>\(XMLText.escape(column.name))</code></td><td>\(type)</td>"
            out += "<td class=\"num\">\(Figures.count(column.values))</td><td class=\"num\">\(Figures.count(column.nulls))</td>"
            out += "<td class=\"num\">\(Figures.count(column.distinctEstimate))</td><td class=\"num\">\(Figures.count(column.maxLength))</td></tr>"
        }
        for removed in drift?.removed ?? [] {
            out += "<tr class=\"removed\"><td><code>\(XMLText.escape(removed))</code></td><td colspan=\"5\">removed</td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    private func outputsSection(_ view: VersionView) -> String {
        var out = "<section id=\"outputs\"><h2>Outputs</h2><table><tbody>"
        out += "<tr><td>raw</td><td><code>\(XMLText.escape(view.rawURI))</code></td></tr>"
        for (layer, uri) in view.outputs.sorted(by: { $0.key < $1.key }) where layer != "raw" {
            out += "<tr><td>\(XMLText.escape(layer))</td><td><code>\(XMLText.escape(uri))</code></td></tr>"
        }
        return out + "</tbody></table></section>\n"
    }

    private func noVersionSection() -> String {
        let link = ReportPage.link(ReportPage.datasetPath(dataset.name), depth: Self.depth)
        switch run.status {
        case .skipped:
            let kept = dataset.current(at: run).map { " The lake kept version <a href=\"\(link)#v\($0.version)\">\($0.version)</a>." } ?? ""
            return "<section id=\"rows\"><h2>Rows per layer</h2><p class=\"note\">Skipped: the source and the pipeline were unchanged, so nothing was written.\(kept)</p></section>\n"
        case .running:
            return "<section id=\"rows\"><h2>Rows per layer</h2><p class=\"note\">Still running when this report was written.</p></section>\n"
        default:
            return "<section id=\"rows\"><h2>Rows per layer</h2><p class=\"note\">No manifest version: the run published nothing.</p></section>\n"
        }
    }
}
