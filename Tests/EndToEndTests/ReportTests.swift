import Foundation
import Testing
import TestSupport

/// `medallion report`: the static HTML site opened in headless Chromium, checked against the
/// manifest; `run --report`; and what the report does without Graphviz.
@Suite struct ReportTests {
    /// A lake with a built nsde (two versions: one run, then a forced one), a skip, and a failed run.
    static func lakeWithAFailure(_ label: String) throws -> (PipelineWorkspace, failedRun: String) {
        let workspace = try PipelineWorkspace(label)
        #expect(try workspace.medallion(["run", "nsde", "--quiet"]).status == 0)
        #expect(try workspace.medallion(["run", "nsde", "--quiet", "--force"]).status == 0)
        #expect(try workspace.medallion(["run", "nsde", "--quiet"]).status == 0)
        try workspace.write("datasets/broken.json", """
            {"dataset": "broken", "source": {"url": "file:does-not-exist.csv", "format": "csv"},
             "state_machine": "statemachines/medallion.asl.json"}
            """)
        #expect(try workspace.medallion(["run", "broken", "--quiet"]).status == 1)
        let runs = try #require(try PipelineWorkspace.json(try workspace.medallion(["runs", "--dataset", "broken", "--json"]).stdout) as? [[String: Any]])
        return (workspace, try #require(runs.first?["run_id"] as? String))
    }

    /// Everything the page asked for stayed inside the report directory, and nothing complained.
    static func expectSelfContained(_ visit: HeadlessChromium.Visit, directory: URL, page: String) {
        #expect(!visit.requests.isEmpty, "\(page): no request recorded at all")
        for url in visit.requests {
            #expect(url.hasPrefix("file://" + directory.path + "/"), "\(page) requested \(url)")
        }
        #expect(visit.failedRequests.isEmpty, "\(page): failed requests \(visit.failedRequests)")
        #expect(visit.console.isEmpty, "\(page): console \(visit.console)")
        #expect(visit.exceptions.isEmpty, "\(page): exceptions \(visit.exceptions)")
        let errors = visit.log.filter { ($0["level"] as? String) == "error" }
        #expect(errors.isEmpty, "\(page): log errors \(errors)")
    }

    @Test func theReportOpensInChromiumAndAgreesWithTheManifest() throws {
        let (workspace, failedRun) = try Self.lakeWithAFailure("report-chromium")
        defer { workspace.remove() }
        let report = try workspace.medallion(["report"])
        #expect(report.status == 0, "\(report.stderr)")
        let directory = workspace.lake.appendingPathComponent("_reports").resolvingSymlinksInPath()
        #expect(report.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == directory.appendingPathComponent("index.html").path)
        let shots = workspace.root.appendingPathComponent("screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)

        let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "nsde", "--json"]).stdout) as? [String: Any])
        let manifestRows = try #require(manifest["rows"] as? [String: Int])

        // The index: every dataset, its last status, and the current version's rows.
        let index = try HeadlessChromium.visit(directory.appendingPathComponent("index.html"), screenshot: shots.appendingPathComponent("index.png"), check: """
            JSON.stringify([...document.querySelectorAll('#datasets tr[data-dataset]')].map(tr => ({
              name: tr.dataset.dataset,
              status: tr.querySelector('.badge') ? tr.querySelector('.badge').dataset.status : null,
              rows: Object.fromEntries([...tr.querySelectorAll('td[data-rows]')].map(td => [td.dataset.layer, Number(td.dataset.rows)])),
              charts: tr.querySelectorAll('svg.chart').length})))
            """)
        Self.expectSelfContained(index, directory: directory, page: "index")
        let indexValue = try #require(index.value as? String)
        let datasets = try #require(try PipelineWorkspace.json(indexValue) as? [[String: Any]])
        #expect(datasets.compactMap { $0["name"] as? String } == ["broken", "claims", "nsde", "providers"])
        let nsde = try #require(datasets.first { $0["name"] as? String == "nsde" })
        #expect(nsde["status"] as? String == "skipped")
        #expect(nsde["charts"] as? Int == 1)
        let indexRows = try #require(nsde["rows"] as? [String: Int])
        for layer in ["source", "bronze", "silver", "quarantined"] {
            #expect(indexRows[layer] == manifestRows[layer], "index \(layer)")
        }
        #expect(datasets.first { $0["name"] as? String == "broken" }?["status"] as? String == "failed")
        let indexSize = try #require(HeadlessChromium.pngSize(shots.appendingPathComponent("index.png")))
        #expect(indexSize.width == 1280 && indexSize.height >= 300)

        // The failed run: the failing state is marked failed in the graph and the timeline,
        // what follows it not reached, and the error is shown with its cause.
        let failedPage = directory.appendingPathComponent("runs/\(failedRun).html")
        let failed = try HeadlessChromium.visit(failedPage, screenshot: shots.appendingPathComponent("failed.png"), check: """
            JSON.stringify({
              badge: document.querySelector('h1 .badge').dataset.status,
              failedNodes: [...document.querySelectorAll('#flow g.node.state-failed > title')].map(t => t.textContent),
              unreachedNodes: [...document.querySelectorAll('#flow g.node.state-not-reached > title')].map(t => t.textContent),
              timeline: Object.fromEntries([...document.querySelectorAll('#timeline tr[data-state]')].map(tr => [tr.dataset.state, tr.dataset.status])),
              error: document.querySelector('#error .error-name').textContent,
              cause: document.querySelector('#error .cause').textContent,
              visibleFlow: document.querySelector('#flow svg').getBoundingClientRect().width})
            """)
        Self.expectSelfContained(failed, directory: directory, page: "failed run")
        let failedValue = try #require(failed.value as? String)
        let facts = try #require(try PipelineWorkspace.json(failedValue) as? [String: Any])
        #expect(facts["badge"] as? String == "failed")
        let failedNodes = try #require(facts["failedNodes"] as? [String])
        #expect(failedNodes.contains("FetchAndHash"), "\(failedNodes)")
        #expect(!failedNodes.contains("Bronze"))
        #expect((facts["unreachedNodes"] as? [String] ?? []).contains("Bronze"))
        let timeline = try #require(facts["timeline"] as? [String: String])
        #expect(timeline["FetchAndHash"] == "failed")
        #expect(timeline["RecordFailure"] == "succeeded")
        #expect(timeline["Bronze"] == "not-reached")
        #expect(facts["error"] as? String == "Medallion.SourceNotFound")
        #expect((facts["cause"] as? String ?? "").contains("does-not-exist.csv"))
        #expect((facts["visibleFlow"] as? Double ?? 0) > 200)
        #expect(HeadlessChromium.pngSize(shots.appendingPathComponent("failed.png"))?.width == 1280)

        // A built run: rows in and out of every layer as the manifest has them.
        let builtRun = try #require(manifest["run_id"] as? String)
        let built = try HeadlessChromium.visit(directory.appendingPathComponent("runs/\(builtRun).html"), screenshot: shots.appendingPathComponent("built.png"), check: """
            JSON.stringify({
              rows: Object.fromEntries([...document.querySelectorAll('#rows td[data-layer]')].map(td => [td.dataset.layer, Number(td.dataset.rows)])),
              expectations: [...document.querySelectorAll('#quality tr[data-expectation]')].map(tr => tr.dataset.expectation + ':' + tr.dataset.result),
              quarantined: Number(document.querySelector('#quality [data-quarantined]').dataset.quarantined),
              succeededNodes: document.querySelectorAll('#flow g.node.state-succeeded').length})
            """)
        Self.expectSelfContained(built, directory: directory, page: "built run")
        let builtValue = try #require(built.value as? String)
        let builtFacts = try #require(try PipelineWorkspace.json(builtValue) as? [String: Any])
        #expect(builtFacts["rows"] as? [String: Int] == manifestRows)
        #expect(builtFacts["quarantined"] as? Int == manifestRows["quarantined"])
        #expect(builtFacts["expectations"] as? [String] == ["ndc11_present:fail", "ndc11_shape:pass", "start_date_valid:pass"])
        #expect(builtFacts["succeededNodes"] as? Int == 6, "FetchAndHash, Changed?, Bronze, Silver, Gold, UpdateManifest")

        // The dataset page lists both versions with their source SHA-256.
        let versions = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "nsde", "--history", "--json"]).stdout) as? [[String: Any]])
        let datasetPage = try String(contentsOf: directory.appendingPathComponent("datasets/nsde.html"), encoding: .utf8)
        #expect(versions.count == 2)
        for version in versions {
            let number = try #require(version["version"] as? Int)
            #expect(datasetPage.contains("<tr id=\"v\(number)\" data-version=\"\(number)\">"))
            let sha = try #require(version["source_sha256"] as? String)
            #expect(datasetPage.contains(sha))
        }
    }

    @Test func runReportWritesThatRunsPage() throws {
        let workspace = try PipelineWorkspace("report-run")
        defer { workspace.remove() }
        let run = try workspace.medallion(["run", "providers", "--report", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        let runId = try #require(summary["run_id"] as? String)
        let page = workspace.lake.appendingPathComponent("_reports/runs/\(runId).html")
        #expect(run.stderr.contains("report: \(page.path)"), "\(run.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("data-layer=\"silver\" data-rows=\"42\""))
        #expect(!html.contains("<script"))
        #expect(FileManager.default.fileExists(atPath: workspace.lake.appendingPathComponent("_reports/index.html").path))
        #expect(FileManager.default.fileExists(atPath: workspace.lake.appendingPathComponent("_reports/datasets/providers.html").path))

        // `report <run-id>` prints that run's page; unknown runs and datasets are errors.
        let again = try workspace.medallion(["report", runId, "-o", "elsewhere"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("elsewhere/runs/\(runId).html"))
        let unknown = try workspace.medallion(["report", "20990101T000000Z-00000000"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no run 20990101T000000Z-00000000"))
        #expect(try workspace.medallion(["report", "--dataset", "nope"]).status == 2)
    }

    @Test func withoutGraphvizTheReportSaysSoAndKeepsTheRest() throws {
        let workspace = try PipelineWorkspace("report-nodot")
        defer { workspace.remove() }
        #expect(try workspace.medallion(["run", "providers", "--quiet"]).status == 0)
        let empty = workspace.root.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let report = try workspace.medallion(["report", "--dataset", "providers"], environment: ["PATH": empty.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stderr.contains("apt-get install graphviz"), "\(report.stderr)")
        let runs = try #require(try PipelineWorkspace.json(try workspace.medallion(["runs", "--json"]).stdout) as? [[String: Any]])
        let runId = try #require(runs.first?["run_id"] as? String)
        let html = try String(contentsOf: workspace.lake.appendingPathComponent("_reports/runs/\(runId).html"), encoding: .utf8)
        #expect(html.contains("No flow graph"))
        #expect(html.contains("data-state=\"Silver\" data-status=\"succeeded\""))
    }
}
