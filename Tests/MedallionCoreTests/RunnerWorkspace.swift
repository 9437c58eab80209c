import Foundation
import MedallionCore
import TestSupport

/// One dataset with a local CSV source, run in process by `DatasetRunner`. The manifest lives
/// outside the lake, so anything a run writes in the lake is the run's own doing.
struct RunnerWorkspace {
    let root: URL
    let dataset: String
    var lake: URL { root.appendingPathComponent("lake") }
    var source: URL { root.appendingPathComponent("data/\(dataset).csv") }
    let environment: PipelineEnvironment

    init(_ dataset: String) throws {
        self.dataset = dataset
        root = try TestEnvironment.makeTemporaryDirectory("runner-\(dataset)")
        let manager = FileManager.default
        try manager.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent("statemachines"),
                             to: root.appendingPathComponent("statemachines"))
        for directory in ["datasets", "data"] {
            try manager.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let config = """
            {
              "dataset": "\(dataset)",
              "source": { "url": "file:data/\(dataset).csv", "format": "csv" },
              "state_machine": "statemachines/medallion.asl.json",
              "silver": { "keys": ["id"] }
            }
            """
        try Data(config.utf8).write(to: root.appendingPathComponent("datasets/\(dataset).json"))
        environment = PipelineEnvironment(root: root, lake: root.appendingPathComponent("lake").path,
                                          manifestPath: root.appendingPathComponent("state/manifest.sqlite").path, variables: [:])
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// A CSV of `rows` rows of about 1 KiB each (long rows: megabytes of source for few
    /// records, which a debug build converts quickly).
    static func csv(rows: Int) -> Data {
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 37)
        var text = "id,name,note\n"
        for row in 0..<rows {
            text += "\(row),name-\(row % 977),\(filler)\(row % 13)\n"
        }
        return Data(text.utf8)
    }

    func run(force: Bool = false, progress: any ProgressSink = SilentProgress()) async throws -> RunSummary {
        try await DatasetRunner(environment: environment, progress: progress).run(dataset: dataset, force: force)
    }

    /// The raw copies in the lake (relative paths).
    func rawFiles() throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: lake.path)
            .filter { $0.hasPrefix("raw/\(dataset)/") && $0.hasSuffix(".csv") }.sorted()
    }

    /// What a killed or failed fetch could leave in the lake: staging directories and temporaries.
    func stagingLeftovers() throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: lake.path).filter { $0.contains(".medallion-tmp") }
    }
}
