import ArgumentParser
import Foundation
import MedallionCore
import StateMachine

struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run one pipeline step (e.g. medallion:bronze) as its own process and print its JSON output.",
        discussion: """
            The same step the state machine's Task state runs, for running the pipeline elsewhere \
            (Step Functions on ECS/Batch, Argo). On failure prints {"Error": ..., "Cause": ...} and exits 1. \
            Inputs are checked before they become paths: a dataset name or run id of the wrong form, a \
            raw_key outside raw/<dataset>/, or a partition URI that is not this dataset's in this lake \
            fails with Medallion.BadStepInput naming the field.
            """)

    @Argument(help: "The task resource, e.g. medallion:fetch-and-hash.")
    var resource: String

    @Option(help: ArgumentHelp("Step input as JSON, or @file to read it from a file.", valueName: "json|@file"))
    var input: String = "{}"

    @OptionGroup var lakeOptions: LakeOptions

    func run() async throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: try InputArgument.read(input))
        } catch {
            throw Output.fail("--input: \(error)")
        }
        do {
            let output = try await StepRunner.run(resource: resource, input: value, environment: lakeOptions.environment)
            Output.stdout(output.serialized())
        } catch let failure as TaskFailure {
            Output.stdout(Output.json(["Error": failure.error, "Cause": failure.cause]))
            throw ExitCode(1)
        } catch {
            throw Output.fail("\(error)")
        }
    }
}
