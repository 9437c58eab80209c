import Foundation
import Manifest
import StateMachine

/// `medallion report`: the lake as a static HTML site (an index, one page per dataset, one per
/// run) in one directory that opens from disk: no server, no script, nothing fetched.
public enum ReportSite {
    /// What to (re)write; the index is always rewritten.
    public enum Scope: Sendable {
        /// Every dataset, and the last `runPagesPerDataset` runs of each.
        case all
        /// One dataset's page and its last `runPagesPerDataset` runs.
        case dataset(String)
        /// These runs' pages and their datasets' pages (`report <run-id>`, `run --report`).
        case runs([String])
    }

    /// What was written.
    public struct Written: Sendable {
        /// The report's directory.
        public var directory: String
        /// The page to open first: the run's, the dataset's or the index.
        public var entry: String
        /// Every page written, relative to `directory`.
        public var pages: [String]
        /// What the report had to leave out (no Graphviz, a config that does not load).
        public var warnings: [String]
    }

    public enum Failure: Error, CustomStringConvertible {
        case unknownRun(String)
        case unknownDataset(String)
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .unknownRun(let run): return "no run \(run) in the manifest (see `medallion runs`)"
            case .unknownDataset(let dataset):
                return "no dataset \(dataset): neither datasets/\(dataset).json nor the manifest knows it (see `medallion datasets`)"
            case .cannotWrite(let path, let reason): return "cannot write the report to \(path): \(reason)"
            }
        }
    }

    /// Run pages written per dataset by `.all` and `.dataset` (older pages already written stay).
    public static let runPagesPerDataset = 100

    /// `lake/_reports` next to the lake when it is a local directory, else next to the manifest's default place.
    public static func defaultDirectory(environment: PipelineEnvironment) -> String {
        let lake = environment.lake.hasPrefix("s3://") ? environment.path("lake").path : environment.lake
        return URL(fileURLWithPath: lake).appendingPathComponent("_reports").path
    }

    public static func write(scope: Scope, directory: String?, environment: PipelineEnvironment, now: Date = Date()) throws -> Written {
        // A run whose process died shows as interrupted, not as running forever.
        InterruptedRuns.settleAllIdle(environment: environment)
        let store = try ManifestReport.openExisting(environment)
        let data = try ReportData.load(environment: environment, store: store, runLimit: 1000)
        let root = URL(fileURLWithPath: directory.map { environment.path($0).path } ?? defaultDirectory(environment: environment))

        // Which runs get a page now, and which datasets' pages are rewritten.
        var runs: [(DatasetHistory, RunRecord)] = []
        var datasets: [DatasetHistory] = []
        var entry = "index.html"
        switch scope {
        case .all:
            datasets = data.datasets
            for dataset in datasets { runs += dataset.runs.prefix(runPagesPerDataset).map { (dataset, $0) } }
        case .dataset(let name):
            guard let dataset = data.dataset(name) else { throw Failure.unknownDataset(name) }
            datasets = [dataset]
            runs = dataset.runs.prefix(runPagesPerDataset).map { (dataset, $0) }
            entry = ReportPage.datasetPath(name)
        case .runs(let ids):
            for id in ids {
                guard let run = try store?.run(id: id), let dataset = data.dataset(run.dataset) else { throw Failure.unknownRun(id) }
                // The dataset's run list may stop short of an old run; the page still gets written.
                runs.append((dataset, run))
                if !datasets.contains(where: { $0.name == dataset.name }) { datasets.append(dataset) }
            }
            if ids.count == 1, let id = ids.first { entry = ReportPage.runPath(id) }
        }

        var warnings: [String] = []
        var pages: [String] = []
        func write(_ page: ReportPage, to relative: String) throws {
            let url = root.appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(page.html.utf8).write(to: url, options: .atomic)
            } catch {
                throw Failure.cannotWrite(path: url.path, reason: (error as NSError).localizedDescription)
            }
            pages.append(relative)
        }

        var flows = FlowPictures(environment: environment)
        for (dataset, run) in runs {
            let events = try store?.events(executionName: run.executionName) ?? []
            let graph = flows.graph(of: dataset)
            let names = graph.map(FlowGraph.stateNames) ?? stateNames(in: events)
            let timeline = RunMarks.timeline(events: events, run: run.status, names: names)
            let marks = Dictionary(timeline.map { ($0.state, $0.mark) }, uniquingKeysWith: { first, _ in first })
            let page = RunPage(dataset: dataset, run: run, events: events, flow: flows.svg(of: dataset, marks: marks),
                               timeline: timeline, generatedAt: now)
            try write(page.page, to: ReportPage.runPath(run.runId))
        }
        warnings += flows.warnings

        let runPages = existingRunPages(root)
        for dataset in datasets {
            try write(DatasetPage(dataset: dataset, runPages: runPages, generatedAt: now).page, to: ReportPage.datasetPath(dataset.name))
        }
        try write(IndexPage(data: data, runPages: runPages, generatedAt: now).page, to: "index.html")
        return Written(directory: root.path, entry: entry, pages: pages, warnings: warnings)
    }

    /// Run ids with a page in the report directory (this pass's and earlier ones').
    private static func existingRunPages(_ root: URL) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("runs").path)) ?? []
        return Set(names.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) })
    }

    /// States in the order a run's history names them, for a run whose definition is gone.
    private static func stateNames(in events: [ExecutionEventRecord]) -> [String] {
        var seen: Set<String> = []
        return events.compactMap(\.stateName).filter { seen.insert($0).inserted }
    }
}

/// Each dataset's graph parsed once, each run's picture laid out by Graphviz; what cannot be
/// drawn is said once per dataset (or once for a missing `dot`).
private struct FlowPictures {
    var environment: PipelineEnvironment
    var graphs: [String: Result<StateGraph, RunPage.FlowUnavailable>] = [:]
    var warnings: [String] = []
    var dotMissing = false

    init(environment: PipelineEnvironment) { self.environment = environment }

    mutating func graph(of dataset: DatasetHistory) -> StateGraph? {
        try? graphResult(of: dataset).get()
    }

    private mutating func graphResult(of dataset: DatasetHistory) -> Result<StateGraph, RunPage.FlowUnavailable> {
        if let known = graphs[dataset.name] { return known }
        let result: Result<StateGraph, RunPage.FlowUnavailable>
        if let file = dataset.stateMachine {
            do {
                result = .success(try FlowGraph.graph(file: file, environment: environment))
            } catch {
                result = .failure(.init(reason: "\(error)"))
            }
        } else {
            result = .failure(.init(reason: "the config of \(dataset.name) does not load: \(dataset.configProblem ?? "unknown problem")"))
        }
        if case .failure(let why) = result { warnings.append("\(dataset.name): no flow graph: \(why.reason)") }
        graphs[dataset.name] = result
        return result
    }

    mutating func svg(of dataset: DatasetHistory, marks: [String: StateRunMark]) -> Result<String, RunPage.FlowUnavailable> {
        let graph: StateGraph
        switch graphResult(of: dataset) {
        case .failure(let why): return .failure(why)
        case .success(let parsed): graph = parsed
        }
        if dotMissing { return .failure(.init(reason: "\(GraphvizLayout.Failure.notInstalled)")) }
        do {
            let svg = try GraphvizLayout.svg(DOTFormat.render(graph, title: nil, marks: marks))
            // Inline: drop the XML prolog and doctype before the <svg> element.
            return .success(svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) } ?? svg)
        } catch GraphvizLayout.Failure.notInstalled {
            dotMissing = true
            warnings.append("no flow graphs: \(GraphvizLayout.Failure.notInstalled)")
            return .failure(.init(reason: "\(GraphvizLayout.Failure.notInstalled)"))
        } catch {
            return .failure(.init(reason: "\(error)"))
        }
    }
}
