import ArgumentParser
import Foundation
import MedallionCore

/// `medallion export aws <dataset>... [--compute lambda|ecs] [-o DIR]`.
struct ExportAWSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Write a Step Functions + CloudFormation bundle per dataset (scale out on AWS).",
        discussion: """
            For each dataset, <dir>/<dataset>/ gets statemachine.asl.json (the dataset's own state \
            machine, each medallion:* Task made a lambda:invoke or ecs:runTask.sync Task, results \
            unwrapped by a Pass state so later states see what they see locally), template.json \
            (CloudFormation: state machine, least-privilege IAM roles, the Lambda function or the \
            Fargate task definition and cluster, a log group, an EventBridge rule when the dataset \
            has a schedule), a Containerfile (the release binary on debian:bookworm-slim with \
            datasets/ and statemachines/) and a README.md with the deploy commands.

            lambda: one container-image function runs `medallion lambda`; a step must finish within \
            Lambda's 15 minutes. ecs: no time limit; each step is a Fargate task running `medallion \
            task <resource> --input @s3://…/<state>.input.json --output-uri s3://…/<state>.json` under \
            <lake>/_runs/<dataset>/<execution>/, the states around it writing the input and reading \
            the output back.

            The steps share one manifest in S3, s3://<LakeBucket>/<LakePrefix>/manifest.sqlite, updated \
            with conditional writes (docs/manifest-in-s3.md). Every Succeed state of the flow is preceded \
            by a medallion:finish-run Task that marks a run ending without a version (a skip) as skipped, \
            as `medallion run` does locally. How to deploy, the _runs/ contract, what differs from a local \
            run and the cost per run: docs/scale-out.md.
            """)

    @Argument(help: "The datasets to export (names of datasets/<name>.json).")
    var datasets: [String] = []

    @Flag(help: "Export every dataset in datasets/.")
    var all = false

    @Option(help: "Where the steps run: lambda or ecs (Fargate).")
    var compute: AWSCompute = .lambda

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Directory for the bundles, one subdirectory per dataset.", valueName: "dir"))
    var output: String = "export/aws"

    func validate() throws {
        if all && !datasets.isEmpty { throw ValidationError("give dataset names or --all, not both") }
        if !all && datasets.isEmpty { throw ValidationError("name at least one dataset, or use --all") }
    }

    func run() async throws {
        let environment = PipelineEnvironment.resolve()
        let names: [String]
        do {
            names = all ? try DatasetCatalog(directory: environment.datasetsDirectory).names() : datasets
        } catch {
            throw Output.fail("\(error)")
        }
        let directory = URL(fileURLWithPath: output, relativeTo: environment.root).standardizedFileURL
        do {
            for bundle in try ExportBundle(environment: environment, compute: compute).write(datasets: names, to: directory) {
                Output.stderr("wrote \(bundle.path)/ (\(ExportBundle.files.joined(separator: ", ")))")
            }
        } catch {
            throw Output.fail("\(error)")
        }
    }
}

extension AWSCompute: ExpressibleByArgument {}
