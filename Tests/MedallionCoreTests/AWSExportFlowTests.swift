import Foundation
import Manifest
import StateMachine
import Testing
import TestSupport
@testable import MedallionCore

/// The exported state machines executed by our own engine, with the AWS service integrations
/// played by doubles that do what the services do (Lambda wraps the answer in `Payload`; an
/// ECS task runs `medallion task …` and answers nothing; S3 getObject answers `Body` text):
/// what reaches the lake, the manifest and the final state must be what the local flow gives.
@Suite struct AWSExportFlowTests {
    /// A copy of the repository's datasets and state machines with a lake and manifest per flow.
    struct Workspace {
        let root: URL
        init() throws {
            root = try TestEnvironment.makeTemporaryDirectory("aws-export")
            for directory in ["datasets", "statemachines"] {
                try FileManager.default.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent(directory),
                                                 to: root.appendingPathComponent(directory))
            }
        }
        func environment(_ label: String) -> PipelineEnvironment {
            PipelineEnvironment(root: root, lake: root.appendingPathComponent("lake-\(label)").path,
                                manifestPath: root.appendingPathComponent("manifest-\(label).sqlite").path, variables: [:])
        }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// Runs one step: Medallion's own (as `medallion lambda` and `medallion task` do) or a test's.
    typealias Step = @Sendable (_ resource: String, _ input: JSONValue) async throws -> JSONValue

    static func medallionStep(_ environment: PipelineEnvironment) -> Step {
        { try await StepRunner.run(resource: $0, input: $1, environment: environment) }
    }

    /// `lambda:invoke` as Step Functions answers it: `medallion lambda`'s response under `Payload`.
    struct LambdaInvokeDouble: TaskHandler {
        let step: Step
        init(environment: PipelineEnvironment) { step = AWSExportFlowTests.medallionStep(environment) }
        init(step: @escaping Step) { self.step = step }
        func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue {
            guard input["FunctionName"]?.stringValue == AWSExample.substitutions["FunctionArn"],
                  case .string(let step)? = input["Payload"]?["step"], let stepInput = input["Payload"]?["input"] else {
                throw TaskFailure(error: "Lambda.InvalidRequestContentException", cause: input.serialized())
            }
            let output = try await self.step(step, stepInput)
            return ["ExecutedVersion": "$LATEST", "Payload": output, "StatusCode": 200]
        }
    }

    /// `ecs:runTask.sync`: runs the container command the Task built (`task <resource> --input
    /// @s3://… --output-uri s3://…`), with `s3://bucket/key` kept under `s3Root/bucket/key`.
    struct ECSRunTaskDouble: TaskHandler {
        let environment: PipelineEnvironment
        let s3Root: URL
        var step: Step? = nil
        func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue {
            let override = input["Overrides"]?["ContainerOverrides"]?.arrayValue?.first
            let command = override?["Command"]?.arrayValue?.compactMap(\.stringValue) ?? []
            guard override?["Name"] == "medallion", input["LaunchType"] == "FARGATE",
                  input["NetworkConfiguration"]?["AwsvpcConfiguration"]?["Subnets"] == ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                  command.count == 6, command[0] == "task", command[2] == "--input", command[4] == "--output-uri",
                  command[3].hasPrefix("@s3://"), command[5].hasPrefix("s3://") else {
                throw TaskFailure(error: "ECS.InvalidParameterException", cause: input.serialized())
            }
            let inputFile = s3Root.appendingPathComponent(String(command[3].dropFirst("@s3://".count))).path
            let stepInput = try JSONValue(parsing: try await StepObject.read(inputFile, environment: environment))
            let output = try await (step ?? AWSExportFlowTests.medallionStep(environment))(command[1], stepInput)
            let local = s3Root.appendingPathComponent(String(command[5].dropFirst("s3://".count))).path
            try await StepObject.write(output.serialized() + "\n", to: local, environment: environment)
            return ["Tasks": [["LastStatus": "STOPPED", "Containers": [["ExitCode": 0]]]]]
        }
    }

    /// `aws-sdk:s3:putObject`: stores `Body` (text) under `s3Root/bucket/key`.
    struct S3PutObjectDouble: TaskHandler {
        let s3Root: URL
        func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue {
            guard case .string(let bucket)? = input["Bucket"], case .string(let key)? = input["Key"], case .string(let body)? = input["Body"] else {
                throw TaskFailure(error: "S3.S3Exception", cause: input.serialized())
            }
            let file = s3Root.appendingPathComponent("\(bucket)/\(key)")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(body.utf8).write(to: file)
            return ["ETag": "\"0\""]
        }
    }

    /// `aws-sdk:s3:getObject`: the object's text as `Body`.
    struct S3GetObjectDouble: TaskHandler {
        let s3Root: URL
        func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue {
            guard case .string(let bucket)? = input["Bucket"], case .string(let key)? = input["Key"],
                  let data = FileManager.default.contents(atPath: s3Root.appendingPathComponent("\(bucket)/\(key)").path) else {
                throw TaskFailure(error: "S3.NoSuchKeyException", cause: input.serialized())
            }
            return ["Body": .string(String(decoding: data, as: UTF8.self)), "ContentLength": .number(.integer(data.count))]
        }
    }

    /// The local flow, as `medallion run` executes it: the dataset's definition, the steps in process.
    static func runLocally(_ dataset: String, environment: PipelineEnvironment) async throws -> (JSONValue, String) {
        let (config, definition, _) = try DatasetRunner(environment: environment).prepare(dataset: dataset)
        let runId = RunIdentifier.provisional(startedAt: Date())
        let input: JSONValue = ["dataset": .string(config.name), "source_url": .string(config.source.url), "force": false, "run_id": .string(runId)]
        let result = await ExecutionEngine(definition: definition, handlers: MedallionSteps.handlers(environment: environment))
            .run(input: input, executionName: runId)
        guard case .succeeded(let output) = result else { throw Failure.executionFailed("\(result)") }
        return (output, runId)
    }

    /// Counts states entered: what Step Functions bills as state transitions (docs/scale-out.md).
    final class Transitions: ExecutionObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var entered = 0
        func record(_ event: HistoryEvent) {
            if event.type.hasSuffix("StateEntered") { lock.withLock { entered += 1 } }
        }
        var count: Int { lock.withLock { entered } }
    }

    static func runExported(_ dataset: String, compute: AWSCompute, environment: PipelineEnvironment,
                            handlers: [String: any TaskHandler], execution: String = "scheduled-1",
                            transitions: Transitions? = nil) async throws -> JSONValue {
        let bundle = ExportBundle(environment: environment, compute: compute)
        let files = try bundle.files(dataset: dataset, bundle: environment.root.appendingPathComponent("export"))
        let text = try #require(files.first { $0.0 == "statemachine.asl.json" }?.1)
        let definition = try StateMachineDefinition.parse(AWSExample.substitute(text))
        let result = await ExecutionEngine(definition: definition, handlers: handlers, observer: transitions).run(input: ["force": false], executionName: execution)
        guard case .succeeded(let output) = result else { throw Failure.executionFailed("\(result)") }
        return output
    }

    enum Failure: Error { case executionFailed(String) }

    /// Run ids and lake roots differ between the two flows by construction; everything else must not.
    static func normalized(_ value: JSONValue, runIds: [String], lake: String) -> JSONValue {
        switch value {
        case .string(let text):
            var out = text.replacingOccurrences(of: lake, with: "<lake>")
            for id in runIds { out = out.replacingOccurrences(of: id, with: "<run>") }
            return .string(out)
        case .array(let elements): return .array(elements.map { normalized($0, runIds: runIds, lake: lake) })
        case .object(let object):
            return .object(JSONObject(object.map { ($0.key, normalized($0.value, runIds: runIds, lake: lake)) }))
        default: return value
        }
    }

    static func compare(_ dataset: String, compute: AWSCompute, workspace: Workspace,
                        handlers: (PipelineEnvironment) -> [String: any TaskHandler]) async throws {
        let local = workspace.environment("local"), aws = workspace.environment(compute.rawValue)
        let (localOutput, localExecution) = try await runLocally(dataset, environment: local)
        let transitions = Transitions(), transitionsAgain = Transitions()
        let awsOutput = try await runExported(dataset, compute: compute, environment: aws, handlers: handlers(aws), transitions: transitions)
        // The counts docs/scale-out.md prices: a full run, then a skip.
        #expect(transitions.count == (compute == .lambda ? 13 : 23))

        let awsExecution = try #require(awsOutput["run_id"]?.stringValue)
        // The Pass states in front gave the execution a run id of the local form.
        #expect(RunIdentifier.isValid(awsExecution), "\(awsExecution)")
        func ids(_ output: JSONValue, _ execution: String) -> [String] {
            [output["fetch"]?["run_id"]?.stringValue ?? "", execution].filter { !$0.isEmpty }
        }
        let expected = normalized(localOutput, runIds: ids(localOutput, localExecution), lake: local.lake)
        let actual = normalized(awsOutput, runIds: ids(awsOutput, awsExecution), lake: aws.lake)
        #expect(actual == expected, "exported:\n\(actual.prettySerialized())\nlocal:\n\(expected.prettySerialized())")

        // The same partitions and files were published.
        func files(_ environment: PipelineEnvironment, _ runIds: [String]) throws -> [String] {
            try FileManager.default.subpathsOfDirectory(atPath: environment.lake).map { path in
                runIds.reduce(path) { $0.replacingOccurrences(of: $1, with: "<run>") }
            }.sorted()
        }
        let localFiles = try files(local, ids(localOutput, localExecution))
        #expect(try files(aws, ids(awsOutput, awsExecution)) == localFiles)
        #expect(localFiles.contains("silver/\(dataset)/version=<run>/_SUCCESS"), "\(localFiles)")

        let localVersion = try #require(try local.openManifest().latestVersion(dataset: dataset))
        let awsVersion = try #require(try aws.openManifest().latestVersion(dataset: dataset))
        #expect(awsVersion.rows == localVersion.rows && awsVersion.rows["silver"] != nil)
        #expect(awsVersion.outputs.keys.sorted() == localVersion.outputs.keys.sorted())
        #expect(awsVersion.sourceSHA256 == localVersion.sourceSHA256 && awsVersion.pipelineFingerprint == localVersion.pipelineFingerprint)
        #expect(try aws.openManifest().run(id: awsExecution)?.status == .succeeded)

        // Again with nothing changed: both take Changed?'s Default to Skip, on the same state.
        let (localAgain, localAgainExecution) = try await runLocally(dataset, environment: local)
        let awsAgain = try await runExported(dataset, compute: compute, environment: aws, handlers: handlers(aws), execution: "scheduled-2",
                                             transitions: transitionsAgain)
        #expect(transitionsAgain.count == (compute == .lambda ? 7 : 10))
        let awsAgainExecution = try #require(awsAgain["run_id"]?.stringValue)
        #expect(awsAgain["fetch"]?["changed"] == .bool(false))
        // The skip's run is settled by the exported FinishRun step, as `medallion run`'s runner
        // settles it locally (this test's local flow runs in the bare engine, without a runner).
        #expect(try aws.openManifest().run(id: awsAgainExecution)?.status == .skipped)
        // previous_run_id names each flow's first run.
        #expect(normalized(awsAgain, runIds: ids(awsAgain, awsAgainExecution) + ids(awsOutput, awsExecution), lake: aws.lake)
                == normalized(localAgain, runIds: ids(localAgain, localAgainExecution) + ids(localOutput, localExecution), lake: local.lake))
    }

    @Test func lambdaExportEndsWhereTheLocalFlowEnds() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await Self.compare("nsde", compute: .lambda, workspace: workspace) { environment in
            [AWSStateMachineExport.lambdaInvoke: LambdaInvokeDouble(environment: environment)]
        }
    }

    @Test func ecsExportReadsBackWhatEachStepWroteAndEndsWhereTheLocalFlowEnds() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let s3Root = workspace.root.appendingPathComponent("s3")
        try await Self.compare("nsde", compute: .ecs, workspace: workspace) { environment in
            [AWSStateMachineExport.ecsRunTask: ECSRunTaskDouble(environment: environment, s3Root: s3Root),
             AWSStateMachineExport.s3PutObject: S3PutObjectDouble(s3Root: s3Root),
             AWSStateMachineExport.s3GetObject: S3GetObjectDouble(s3Root: s3Root)]
        }
        // The contract: an input and an output object per Task state that ran, under _runs/<dataset>/<execution>/.
        let runs = s3Root.appendingPathComponent("\(AWSExample.lakeBucket)/\(AWSExample.lakePrefix)/_runs/nsde/scheduled-1")
        let written = try FileManager.default.contentsOfDirectory(atPath: runs.path).sorted()
        let tasks = ["Bronze", "FetchAndHash", "Gold", "Silver", "UpdateManifest"]
        #expect(written == tasks.flatMap { ["\($0).input.json", "\($0).json"] })
    }

    @Test func aStepFailureIsCaughtIntoRecordFailureOnLambda() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try Data(#"{"dataset": "gone", "source": {"url": "file:datasets/samples/gone.csv", "format": "csv"}, "state_machine": "statemachines/medallion.asl.json"}"#.utf8)
            .write(to: workspace.root.appendingPathComponent("datasets/gone.json"))
        let aws = workspace.environment("lambda")
        do {
            _ = try await Self.runExported("gone", compute: .lambda, environment: aws,
                                           handlers: [AWSStateMachineExport.lambdaInvoke: LambdaInvokeDouble(environment: aws)])
            Issue.record("a missing source must fail the execution")
        } catch Failure.executionFailed(let result) {
            #expect(result.contains("Medallion.RunFailed"), "\(result)")
        }
        // RecordFailure ran (through Lambda too) and the run carries the step's own error name.
        let run = try #require(try aws.openManifest().runs(dataset: "gone", limit: 1).first)
        #expect(run.status == .failed && run.error == "Medallion.SourceNotFound", "\(run)")
    }

    @Test func ecsStepInputTextEscapesWhatIntrinsicLiteralsReserve() async throws {
        // A Parameters template with every character an intrinsic literal reserves, evaluated
        // once directly and once through the expression the ECS command uses.
        let template: JSONValue = ["quote's": "{braces} and \\ backslash", "nested": ["list": [1, "two", ["x.$": "$.value"]]], "value.$": "$.value"]
        let expression = try IntrinsicJSONText.expression(template, task: "T")
        let definition = try StateMachineDefinition.parse(JSONValue.object(JSONObject([
            ("StartAt", "Direct"),
            ("States", [
                "Direct": ["Type": "Pass", "Parameters": template, "ResultPath": "$.direct", "Next": "Text"],
                "Text": ["Type": "Pass", "Parameters": ["text.$": .string(expression)], "ResultPath": "$.text", "End": true],
            ]),
        ])).serialized())
        let result = await ExecutionEngine(definition: definition, handlers: [:]).run(input: ["value": ["a": [true, nil]]], executionName: "x")
        guard case .succeeded(let output) = result else { Issue.record("\(result)"); return }
        let text = try #require(output["text"]?["text"]?.stringValue)
        #expect(try JSONValue(parsing: text) == output["direct"])
    }

    @Test func exportRefusesAStateNameItWouldAdd() throws {
        let definition = try JSONValue(parsing: #"""
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "medallion:bronze", "ResultPath": "$.a", "Next": "A.Result"},
                                        "A.Result": {"Type": "Succeed"}}}
            """#)
        let exporter = AWSStateMachineExport(dataset: "d", sourceURL: "file:x.csv", compute: .lambda)
        #expect(throws: ExportError.stateNameTaken("A.Result", task: "A")) { try exporter.export(definition, file: "x.json") }
    }

    /// Every path field a Task can have, in the combinations the exports must keep: InputPath with
    /// Parameters (literals with reserved characters, paths, the context object, nested arrays),
    /// ResultSelector, ResultPath into a member, discarded (null) and replacing the state ("$"),
    /// OutputPath. The same definition, run locally and exported (prelude left out: it only builds
    /// a dataset run's input), must end on the same state with the same fake step.
    @Test(arguments: [AWSCompute.lambda, .ecs]) func everyPathFieldMeansWhatItMeansLocally(compute: AWSCompute) async throws {
        let definition = try JSONValue(parsing: #"""
            {"StartAt": "A", "States": {
              "A": {"Type": "Task", "Resource": "medallion:echo", "InputPath": "$.in",
                    "Parameters": {"x.$": "$.x", "lit": "a'{}\\ \"q\"", "name.$": "$$.Execution.Name", "list": [1, null, {"y.$": "$.y"}]},
                    "ResultSelector": {"echoed.$": "$.input", "fixed": 1}, "ResultPath": "$.a", "OutputPath": "$", "Next": "B"},
              "B": {"Type": "Task", "Resource": "medallion:echo", "ResultPath": null, "OutputPath": "$.a", "Next": "C"},
              "C": {"Type": "Task", "Resource": "medallion:echo", "Parameters": {"k": [{"v.$": "$.echoed.x"}]}, "Next": "D"},
              "D": {"Type": "Task", "Resource": "medallion:echo", "InputPath": "$.input", "Parameters": {"k.$": "$.k"}, "ResultPath": "$.d", "End": true}
            }}
            """#)
        let echo: Step = { resource, input in ["resource": .string(resource), "input": input] }
        let input: JSONValue = ["in": ["x": 5, "y": ["deep": [true]]], "other": "kept"]

        let local = await ExecutionEngine(definition: try StateMachineDefinition.parse(definition.serialized()), handlers: ["medallion:echo": EchoStep(step: echo)])
            .run(input: input, executionName: "exec-1")
        guard case .succeeded(let expected) = local else { Issue.record("\(local)"); return }

        var exported = try AWSStateMachineExport(dataset: "d", sourceURL: "file:x.csv", compute: compute).export(definition, file: "t.asl.json")
        guard case .object(var root) = exported, case .object(var states)? = root["States"] else { Issue.record("\(exported)"); return }
        states[AWSStateMachineExport.prepareState] = nil
        states[AWSStateMachineExport.inputState] = nil
        root["States"] = .object(states)
        root["StartAt"] = "A"
        exported = .object(root)
        let workspace = try Workspace()
        defer { workspace.remove() }
        let s3Root = workspace.root.appendingPathComponent("s3")
        let environment = workspace.environment("echo")
        let handlers: [String: any TaskHandler] = [
            AWSStateMachineExport.lambdaInvoke: LambdaInvokeDouble(step: echo),
            AWSStateMachineExport.ecsRunTask: ECSRunTaskDouble(environment: environment, s3Root: s3Root, step: echo),
            AWSStateMachineExport.s3PutObject: S3PutObjectDouble(s3Root: s3Root),
            AWSStateMachineExport.s3GetObject: S3GetObjectDouble(s3Root: s3Root),
        ]
        let aws = await ExecutionEngine(definition: try StateMachineDefinition.parse(AWSExample.substitute(exported.serialized())), handlers: handlers)
            .run(input: input, executionName: "exec-1")
        guard case .succeeded(let actual) = aws else { Issue.record("\(aws)"); return }
        #expect(actual == expected, "exported: \(actual)\nlocal: \(expected)")
        #expect(expected["d"]?["input"]?["k"] == [["v": 5]], "\(expected)")
    }

    /// A Task handler running a test's step function.
    struct EchoStep: TaskHandler {
        let step: Step
        func invoke(_ input: JSONValue, context: TaskContext) async throws -> JSONValue { try await step("medallion:echo", input) }
    }
}
