import Foundation
import Manifest
import StateMachine

/// `medallion:finish-run`: settles a run that reached the end of its flow without recording a
/// version (a skip). Locally `medallion run` does this after the execution ends; on Step
/// Functions no runner waits for the end, so `medallion export aws` puts this step in front of
/// every top-level Succeed state. A run already finished (UpdateManifest recorded a version,
/// or RecordFailure a failure) is left as it is.
public struct FinishRunStep: TaskHandler {
    public static let resource = "medallion:finish-run"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        var runId: String

        enum CodingKeys: String, CodingKey {
            case dataset
            case runId = "run_id"
        }
    }

    struct Output: Codable {
        /// The run's status once settled.
        var status: String
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        try check.runId(input.runId, field: "run_id")
        let status: RunStatus
        do {
            let store = try context.manifest()
            guard let run = try store.run(id: input.runId), run.dataset == input.dataset else {
                throw TaskFailure(error: StepError.badStepInput,
                                  cause: "\(Self.resource): no run \(input.runId) of dataset \(input.dataset) in the manifest")
            }
            status = try store.settleIfOpen(run, as: .skipped)
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
        return try StepIO.encode(Output(status: status.rawValue))
    }
}
