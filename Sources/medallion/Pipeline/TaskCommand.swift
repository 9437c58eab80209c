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
            fails with Medallion.BadStepInput naming the field. With --output-uri the output is also \
            stored there (a path, file:// or s3://bucket/key), as ECS tasks of an exported state \
            machine do (medallion export aws --compute ecs): exactly the JSON printed, only on success; \
            those tasks also read their input from the lake (--input @s3://bucket/key).
            """)

    @Argument(help: "The task resource, e.g. medallion:fetch-and-hash.")
    var resource: String

    @Option(help: ArgumentHelp("Step input as JSON, @file to read it from a file, or @s3://bucket/key.", valueName: "json|@file"))
    var input: String = "{}"

    @Option(name: .customLong("output-uri"), help: ArgumentHelp("Also store the output there: a path, file:// or s3://bucket/key.", valueName: "uri"))
    var outputURI: String?

    @OptionGroup var lakeOptions: LakeOptions

    func run() async throws {
        let environment = lakeOptions.environment
        let value: JSONValue
        do {
            let text = input.hasPrefix("@s3://")
                ? try await StepObject.read(String(input.dropFirst()), environment: environment)
                : try InputArgument.read(input)
            value = try JSONValue(parsing: text)
        } catch {
            throw Output.fail("--input: \(error)")
        }
        let output: JSONValue
        do {
            output = try await StepRunner.run(resource: resource, input: value, environment: environment)
        } catch let failure as TaskFailure {
            Output.stdout(Output.json(["Error": failure.error, "Cause": failure.cause]))
            throw ExitCode(1)
        } catch {
            throw Output.fail("\(error)")
        }
        let text = output.serialized()
        if let outputURI {
            do {
                try await StepObject.write(text + "\n", to: outputURI, environment: environment)
            } catch {
                // The step's work is done and published; only handing its output over failed.
                throw Output.fail("--output-uri \(outputURI): \(error)", code: 1)
            }
        }
        Output.stdout(text)
    }
}
