import Foundation
import StateMachine

/// `medallion task`: runs exactly one step in this process (DESIGN.md, Scale-out path).
public enum StepRunner {
    /// Invokes `resource` with `input`; a step failure comes back as `TaskFailure`.
    public static func run(resource: String, input: JSONValue, environment: PipelineEnvironment,
                           progress: any ProgressSink = SilentProgress()) async throws -> JSONValue {
        guard let handler = MedallionSteps.handlers(environment: environment, progress: progress)[resource] else {
            throw StepRunnerError.unknownResource(resource, known: MedallionSteps.resources.sorted())
        }
        let context = TaskContext(stateName: resource, executionName: input["run_id"]?.stringValue ?? "task", attempt: 1)
        do {
            return try await handler.invoke(input, context: context)
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: "States.TaskFailed", cause: "\(error)")
        }
    }
}

public enum StepRunnerError: Error, CustomStringConvertible {
    case unknownResource(String, known: [String])

    public var description: String {
        switch self {
        case .unknownResource(let resource, let known):
            return "unknown task resource '\(resource)'; known: \(known.joined(separator: ", "))"
        }
    }
}
