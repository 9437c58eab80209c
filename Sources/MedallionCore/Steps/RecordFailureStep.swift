import Foundation
import Manifest
import StateMachine

/// `medallion:record-failure`: the Catch target. Marks the run failed with the caught error and
/// cause; the manifest's versions stay as they were.
public struct RecordFailureStep: TaskHandler {
    public static let resource = "medallion:record-failure"
    let context: StepContext

    struct Input: Decodable {
        /// What a Catch puts at its ResultPath: ASL's `{"Error": …, "Cause": …}`.
        struct Caught: Decodable {
            var error: String?
            var cause: String?

            enum CodingKeys: String, CodingKey {
                case error = "Error"
                case cause = "Cause"
            }
        }
        var dataset: String
        var runId: String
        var error: Caught?

        enum CodingKeys: String, CodingKey {
            case dataset
            case runId = "run_id"
            case error
        }
    }

    struct Output: Codable {
        var recorded: Bool
        var error: String
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        try check.runId(input.runId, field: "run_id")
        let error = input.error?.error ?? "States.Runtime"
        do {
            try context.manifest().finishRun(executionName: input.runId, status: .failed, finishedAt: Date(),
                                             error: error, cause: input.error?.cause)
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
        context.progress.note(dataset: input.dataset, "failed: \(error): \(input.error?.cause ?? "")")
        return try StepIO.encode(Output(recorded: true, error: error))
    }
}
