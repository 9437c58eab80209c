import Foundation
import StateMachine

/// `medallion validate`: checks dataset configs and state machines without running anything.
public enum ConfigValidation {
    public struct FileReport: Sendable, Codable {
        public var file: String
        /// "dataset" or "state_machine".
        public var kind: String
        public var problems: [String]
        /// What is valid but not acted on (e.g. a section a later layer will use).
        public var warnings: [String] = []
        public var valid: Bool { problems.isEmpty }
    }

    /// Validates `files`, or every `datasets/*.json` and `statemachines/*.json` when empty.
    public static func validate(files: [String], environment: PipelineEnvironment) -> [FileReport] {
        var targets = files
        if targets.isEmpty {
            let fm = FileManager.default
            for directory in ["datasets", "statemachines"] {
                let dir = environment.root.appendingPathComponent(directory)
                let names = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
                targets += names.filter { $0.hasSuffix(".json") }.sorted().map { "\(directory)/\($0)" }
            }
        }
        return targets.map { validate(file: $0, environment: environment) }
    }

    static func validate(file: String, environment: PipelineEnvironment) -> FileReport {
        let url = environment.path(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return FileReport(file: file, kind: "unknown", problems: ["cannot read \(file)"])
        }
        if URL(fileURLWithPath: file).lastPathComponent == DatasetCatalog.defaultsFile {
            do {
                _ = try DatasetCatalog.parseDefaults(data, file: file)
                return FileReport(file: file, kind: "defaults", problems: [])
            } catch {
                return FileReport(file: file, kind: "defaults", problems: ["\(error)"])
            }
        }
        if isStateMachine(data) {
            let parsed = StateMachineDefinition.check(data, knownResources: MedallionSteps.resources)
            return FileReport(file: file, kind: "state_machine", problems: parsed.problems.map(\.description),
                              warnings: parsed.warnings.map(\.description))
        }
        do {
            let config = try DatasetConfig.parse([UInt8](data), file: file)
            let machine = environment.path(config.stateMachine)
            guard let definition = FileManager.default.contents(atPath: machine.path) else {
                return FileReport(file: file, kind: "dataset",
                                  problems: ["\(file): state_machine: cannot read \(config.stateMachine)"])
            }
            let parsed = StateMachineDefinition.check(definition, knownResources: MedallionSteps.resources)
            let resources = parsed.definition?.taskResources ?? []
            let gold = GoldValidation.check(config, environment: environment)
            return FileReport(file: file, kind: "dataset",
                              problems: parsed.problems.map { "\(config.stateMachine): \($0.description)" } + gold.problems,
                              warnings: parsed.warnings.map { "\(config.stateMachine): \($0.description)" }
                                  + config.warnings(taskResources: resources) + gold.warnings)
        } catch {
            return FileReport(file: file, kind: "dataset", problems: ["\(error)"])
        }
    }

    /// ASL definitions have `StartAt` and `States` at the top; dataset configs have `dataset`.
    static func isStateMachine(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["StartAt"] != nil || object["States"] != nil
    }
}
