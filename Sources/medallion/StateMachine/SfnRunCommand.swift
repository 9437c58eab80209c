import ArgumentParser
import Foundation
import StateMachine

/// `medallion sfn run FILE [--input JSON|@file]`: prints the output (exit 0) or
/// `{"Error","Cause"}` (exit 1); an invalid definition exits 2.
struct SfnRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute a state machine definition locally and print its output JSON."
    )

    @Argument(help: "The definition file (.asl.json).")
    var file: String

    @Option(help: "Execution input: inline JSON, or @path to read a file (@- for stdin).")
    var input: String = "{}"

    @Option(help: "The execution name shown in the context object ($$.Execution.Name).")
    var name: String?

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let data = try SfnDefinitionFile.read(file)
        // No Task handlers are registered in this module's CLI, so any Task resource is unknown.
        let parsed = StateMachineDefinition.check(data, knownResources: [])
        guard let definition = parsed.definition else {
            SfnDefinitionFile.report(parsed.problems, file: file)
            throw ExitCode(2)
        }
        SfnDefinitionFile.reportWarnings(parsed.warnings, file: file)
        let inputValue: JSONValue
        do {
            inputValue = try JSONValue(parsing: try InputArgument.read(input))
        } catch {
            SfnDefinitionFile.printError("error: --input is not valid JSON: \(error)")
            throw ExitCode(2)
        }
        let engine = ExecutionEngine(definition: definition, handlers: [:], logger: logging.logger())
        let executionName = name ?? UUID().uuidString.lowercased()
        switch await engine.run(input: inputValue, executionName: executionName) {
        case .succeeded(let output):
            print(output.serialized())
        case .failed(let error, let cause):
            var object = JSONObject()
            // As DescribeExecution: a key is left out when the failure has none.
            if let error { object["Error"] = .string(error) }
            if let cause { object["Cause"] = .string(cause) }
            print(JSONValue.object(object).serialized())
            throw ExitCode(1)
        }
    }
}
