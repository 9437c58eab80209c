import Foundation
import Manifest
import StateMachine

/// `medallion graph`: a dataset's state machine (or any definition file) drawn as DOT, Mermaid
/// or SVG, optionally with one run's outcome per state.
public enum FlowGraph {
    public enum Format: String, CaseIterable, Sendable {
        case svg, dot, mermaid
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case invalid(file: String, problems: [String])
        case unknownRun(String)
        case runOfAnotherDataset(run: String, dataset: String, expected: String)

        public var description: String {
            switch self {
            case .unreadable(let file): return "cannot read \(file)"
            case .invalid(let file, let problems): return "\(file) is not a valid state machine:\n  " + problems.joined(separator: "\n  ")
            case .unknownRun(let run): return "no run \(run) in the manifest (see `medallion runs`)"
            case .runOfAnotherDataset(let run, let dataset, let expected):
                return "run \(run) is of dataset \(dataset), not \(expected)"
            }
        }
    }

    /// The picture of `target` (a dataset name, or a path to an `.asl.json`/`.json` definition).
    public static func render(target: String, runId: String?, format: Format, environment: PipelineEnvironment) throws -> String {
        let (file, dataset) = try definitionFile(target, environment: environment)
        let graph = try graph(file: file, environment: environment)
        var marks: [String: StateRunMark]?
        var title = dataset.map { "\($0) (\(file))" } ?? file
        if let runId {
            guard let store = try ManifestReport.openExisting(environment), let run = try store.run(id: runId) else {
                throw Failure.unknownRun(runId)
            }
            if let dataset, run.dataset != dataset {
                throw Failure.runOfAnotherDataset(run: runId, dataset: run.dataset, expected: dataset)
            }
            marks = RunMarks.marks(events: try store.events(executionName: run.executionName), run: run.status, names: stateNames(graph))
            title += " — run \(runId): \(run.status.rawValue)"
        }
        switch format {
        case .dot: return DOTFormat.render(graph, title: title, marks: marks)
        case .mermaid: return MermaidFormat.render(graph, marks: marks)
        case .svg: return try GraphvizLayout.svg(DOTFormat.render(graph, title: title, marks: marks))
        }
    }

    /// The graph of the definition in `file` (relative to the environment's root).
    static func graph(file: String, environment: PipelineEnvironment) throws -> StateGraph {
        guard let data = FileManager.default.contents(atPath: environment.path(file).path) else { throw Failure.unreadable(file) }
        let parsed = StateMachineDefinition.check(data, knownResources: nil)
        guard let definition = parsed.definition else {
            throw Failure.invalid(file: file, problems: parsed.problems.map(\.description))
        }
        return StateGraph(definition)
    }

    /// The states of a graph (nested ones included), without the start and end nodes.
    static func stateNames(_ graph: StateGraph) -> [String] {
        graph.nodes.filter { $0.kind != .start && $0.kind != .end }.map(\.id)
    }

    /// A path that exists (or ends in .json) is a definition file; anything else a dataset name.
    private static func definitionFile(_ target: String, environment: PipelineEnvironment) throws -> (file: String, dataset: String?) {
        if target.hasSuffix(".json") || FileManager.default.fileExists(atPath: environment.path(target).path) {
            return (target, nil)
        }
        let config = try DatasetCatalog(directory: environment.datasetsDirectory).load(target)
        return (config.stateMachine, config.name)
    }
}
