import ArgumentParser
import Foundation
import Lake
import MedallionCore

struct LambdaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lambda",
        abstract: "Serve as an AWS Lambda custom runtime: each event {\"step\": \"medallion:…\", \"input\": {…}} runs that step.",
        discussion: """
            Reads AWS_LAMBDA_RUNTIME_API. The step's JSON output is the invocation's response; a \
            step error becomes an invocation error whose type is the step's error name \
            (Medallion.SourceNotFound, …), so a Step Functions Task's Retry and Catch match it as \
            they do locally. Without AWS_LAMBDA_RUNTIME_API it exits 2. The lake and manifest come \
            from --lake/--manifest or MEDALLION_LAKE/MEDALLION_MANIFEST, as for every command.
            """)

    @OptionGroup var lakeOptions: LakeOptions

    func run() async throws {
        guard let endpoint = ProcessInfo.processInfo.environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else {
            throw Output.fail("AWS_LAMBDA_RUNTIME_API is not set: `medallion lambda` runs inside AWS Lambda (or a Runtime API emulator)")
        }
        let runtime = LambdaRuntime(client: LambdaRuntimeClient(endpoint: endpoint), environment: lakeOptions.environment)
        do {
            try await runtime.serve()
        } catch {
            throw Output.fail("\(error)", code: 1)
        }
    }
}
