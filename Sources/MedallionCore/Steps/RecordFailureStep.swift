import Foundation
import Manifest
import StateMachine

/// `medallion:record-failure`: the Catch target. Marks the run failed with the caught error and
/// cause; the manifest's versions stay as they were.
public struct RecordFailureStep: TaskHandler {
    public static let resource = "medallion:record-failure"
    let context: StepContext

    struct Input: Decodable {
        struct Caught: Decodable {
            var Error: String?
            var Cause: String?
        }
        var dataset: String
        var run_id: String
        var error: Caught?
    }

    struct Output: Codable {
        var recorded: Bool
        var error: String
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        try check.runId(input.run_id, field: "run_id")
        let error = input.error?.Error ?? "States.Runtime"
        do {
            try context.manifest().finishRun(executionName: input.run_id, status: .failed, finishedAt: Date(),
                                             error: error, cause: input.error?.Cause)
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
        context.progress.note(dataset: input.dataset, "failed: \(error): \(input.error?.Cause ?? "")")
        return try StepIO.encode(Output(recorded: true, error: error))
    }
}
