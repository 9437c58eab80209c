import Foundation
import Lake
import StateMachine

/// `medallion lambda`: a Lambda custom runtime. Each event names a step and its input,
/// `{"step": "medallion:bronze", "input": {…}}` (what a Step Functions `lambda:invoke` Task
/// sends); the step's output is the response, a step error is an invocation error whose type
/// is the step's error name (so Retry and Catch match it), and an event that is not a step
/// call is an invocation error of type `Medallion.BadEvent`. One invocation at a time, forever.
public struct LambdaRuntime: Sendable {
    public let client: LambdaRuntimeClient
    public let environment: PipelineEnvironment

    public init(client: LambdaRuntimeClient, environment: PipelineEnvironment) {
        self.client = client
        self.environment = environment
    }

    /// Serves invocations until the Runtime API fails (`limit` stops after that many, for tests).
    public func serve(limit: Int? = nil) async throws {
        // Configs travel in the image: without them no step can run, and Lambda should say so
        // as a failed start, not as a failure of every invocation.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: environment.datasetsDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let message = "no datasets directory at \(environment.datasetsDirectory.path): the image must hold datasets/ and statemachines/"
            try client.failInit(type: "Medallion.InitFailed", message: message)
            throw LambdaRuntimeClient.Failure.transport(message)
        }
        var served = 0
        while limit.map({ served < $0 }) ?? true {
            let invocation = try client.next()
            await handle(invocation)
            served += 1
        }
    }

    func handle(_ invocation: LambdaRuntimeClient.Invocation) async {
        do {
            guard case .object(let event) = try JSONValue(parsing: String(decoding: invocation.event, as: UTF8.self)),
                  case .string(let step)? = event["step"] else {
                throw TaskFailure(error: "Medallion.BadEvent", cause: "the event is not {\"step\": \"medallion:…\", \"input\": {…}}")
            }
            let output = try await StepRunner.run(resource: step, input: event["input"] ?? [:], environment: environment)
            try client.respond(invocation.requestId, Data(output.serialized().utf8))
        } catch let failure as TaskFailure {
            try? client.fail(invocation.requestId, type: failure.error, message: failure.cause ?? failure.error)
        } catch {
            try? client.fail(invocation.requestId, type: "Medallion.BadEvent", message: "\(error)")
        }
    }
}
