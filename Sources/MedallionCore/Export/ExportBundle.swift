import Foundation
import Lake
import StateMachine

/// `medallion export aws`: one deployable directory per dataset with the Step Functions
/// definition, the CloudFormation template, the Containerfile and a README.
public struct ExportBundle: Sendable {
    public let environment: PipelineEnvironment
    public let compute: AWSCompute

    /// The files each bundle holds, in the order they are written.
    public static let files = ["statemachine.asl.json", "template.json", "Containerfile", "README.md"]

    /// Bundles of the datasets under `environment.root` for `compute`.
    public init(environment: PipelineEnvironment, compute: AWSCompute) {
        self.environment = environment
        self.compute = compute
    }

    /// Writes `<directory>/<dataset>/` for each dataset and returns those directories. Config and
    /// definition problems surface as `medallion run` reports them, before anything is written.
    public func write(datasets: [String], to directory: URL) throws -> [URL] {
        let contents = try datasets.map { try files(dataset: $0, bundle: directory.appendingPathComponent($0)) }
        var written: [URL] = []
        for (dataset, files) in zip(datasets, contents) {
            let bundle = directory.appendingPathComponent(dataset)
            do {
                try FileManager.default.createDirectory(at: bundle, withIntermediateDirectories: true)
                for (name, text) in files { try Data(text.utf8).write(to: bundle.appendingPathComponent(name), options: .atomic) }
            } catch {
                throw ExportError.unwritable(path: bundle.path, reason: error.localizedDescription)
            }
            written.append(bundle)
        }
        return written
    }

    /// The bundle's files by name, without writing them.
    func files(dataset: String, bundle: URL) throws -> [(String, String)] {
        let (config, _, bytes) = try DatasetRunner(environment: environment).prepare(dataset: dataset)
        let exporter = AWSStateMachineExport(dataset: config.name, sourceURL: Redaction.redact(config.source.url), compute: compute)
        let definition = try exporter.export(try JSONValue(parsing: Data(bytes)), file: config.stateMachine)
        let schedules = config.schedule.map(AWSCron.expressions(for:)) ?? []
        let template = CloudFormationTemplate(dataset: config.name, compute: compute, definition: definition, schedules: schedules)
        let path = relativePath(bundle)
        return [
            ("statemachine.asl.json", definition.prettySerialized() + "\n"),
            ("template.json", template.json.prettySerialized() + "\n"),
            ("Containerfile", Containerfile(dataset: config.name, compute: compute, bundlePath: path).text),
            ("README.md", BundleReadme(dataset: config.name, compute: compute, bundlePath: path, schedules: schedules).text),
        ]
    }

    /// The bundle as the README's commands (run from the repository root) should name it.
    private func relativePath(_ bundle: URL) -> String {
        let root = environment.root.standardizedFileURL.path
        let path = bundle.standardizedFileURL.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
