import Foundation
import Testing
import TestSupport

/// `medallion export aws` on every demo dataset, for both computes: the templates pass
/// cfn-lint, the state machines (as CloudFormation hands them to Step Functions) pass our own
/// validator and moto's `create_state_machine`; and `medallion task --output-uri` stores what
/// the exported ECS flow reads back.
@Suite struct AWSExportTests {
    static let demoDatasets = ["claims", "nsde", "providers"]

    /// A workspace whose nsde runs on weekdays and claims on two month days or Mondays (two rules).
    static func workspace(_ label: String) throws -> PipelineWorkspace {
        let ws = try PipelineWorkspace(label)
        for (dataset, schedule) in [("nsde", "0 6 * * 1-5"), ("claims", "0 6 1,15 * MON")] {
            let file = ws.root.appendingPathComponent("datasets/\(dataset).json")
            let text = try String(contentsOf: file, encoding: .utf8)
            try ws.write("datasets/\(dataset).json", text.replacingOccurrences(
                of: "\"dataset\": \"\(dataset)\",", with: "\"dataset\": \"\(dataset)\", \"schedule\": \"\(schedule)\","))
        }
        return ws
    }

    static func export(_ ws: PipelineWorkspace, compute: String) throws -> URL {
        let out = ws.root.appendingPathComponent("export-\(compute)")
        // One compute names the datasets, the other takes --all: the same three bundles.
        let selection = compute == "ecs" ? ["--all"] : demoDatasets
        let result = try ws.medallion(["export", "aws"] + selection + ["--compute", compute, "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == demoDatasets)
        for dataset in demoDatasets {
            let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(dataset).path).sorted()
            #expect(files == ["Containerfile", "README.md", "statemachine.asl.json", "template.json"], "\(dataset): \(files)")
            // The README's commands run from the repository root, where the bundle is export-<compute>/<dataset>.
            let readme = try String(contentsOf: out.appendingPathComponent("\(dataset)/README.md"), encoding: .utf8)
            #expect(readme.contains("docker build -f export-\(compute)/\(dataset)/Containerfile -t medallion-\(dataset) .")
                    && readme.contains("--template-file export-\(compute)/\(dataset)/template.json"), "\(readme)")
        }
        return out
    }

    @Test(arguments: ["lambda", "ecs"]) func templatesPassCfnLint(compute: String) throws {
        let ws = try Self.workspace("export-cfn-\(compute)")
        defer { ws.remove() }
        let out = try Self.export(ws, compute: compute)
        let templates = Self.demoDatasets.map { out.appendingPathComponent("\($0)/template.json").path }
        // The venv's cfn-lint (its console script's entry point: the package has no __main__).
        let lint = try runProcess(TestEnvironment.python, ["-c", "import sys; from cfnlint.runner import main; sys.exit(main())",
                                                           "--format", "parseable"] + templates)
        #expect(lint.status == 0, "cfn-lint:\n\(lint.stdout)\(lint.stderr)")

        let nsde = try #require(try PipelineWorkspace.json(String(contentsOfFile: templates[1], encoding: .utf8)) as? [String: Any])
        let resources = try #require(nsde["Resources"] as? [String: [String: Any]])
        let rule = try #require(resources["ScheduleRule"]?["Properties"] as? [String: Any])
        #expect(rule["ScheduleExpression"] as? String == "cron(0 6 ? * 2-6 *)")
        #expect(resources[compute == "lambda" ? "Function" : "TaskDefinition"] != nil)
        let claims = try #require(try PipelineWorkspace.json(String(contentsOfFile: templates[0], encoding: .utf8)) as? [String: Any])
        let claimsResources = try #require(claims["Resources"] as? [String: Any])
        #expect(claimsResources["ScheduleRule"] != nil && claimsResources["ScheduleRule2"] != nil)
        let providers = try #require(try PipelineWorkspace.json(String(contentsOfFile: templates[2], encoding: .utf8)) as? [String: Any])
        #expect((providers["Resources"] as? [String: Any])?["ScheduleRule"] == nil)

        // Least privilege: no wildcard action, and a wildcard resource only for the log-delivery
        // actions AWS grants on nothing narrower.
        var statements = 0
        for resource in resources.values where resource["Type"] as? String == "AWS::IAM::Role" {
            let policies = (resource["Properties"] as? [String: Any])?["Policies"] as? [[String: Any]] ?? []
            for policy in policies {
                for statement in (policy["PolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]] ?? [] {
                    statements += 1
                    let actions = statement["Action"] as? [String] ?? []
                    #expect(!actions.isEmpty && !actions.contains { $0.hasSuffix("*") }, "\(statement)")
                    if (statement["Resource"] as? [Any])?.contains(where: { $0 as? String == "*" }) == true {
                        #expect(actions.allSatisfy { $0.hasPrefix("logs:") && !$0.contains("PutLogEvents") }, "\(statement)")
                    }
                }
            }
        }
        #expect(statements >= 5)
    }

    @Test(arguments: ["lambda", "ecs"]) func stateMachinesPassOurValidatorAndMoto(compute: String) throws {
        let ws = try Self.workspace("export-sfn-\(compute)")
        defer { ws.remove() }
        let out = try Self.export(ws, compute: compute)
        var deployed: [String] = []
        for dataset in Self.demoDatasets {
            let text = try String(contentsOf: out.appendingPathComponent("\(dataset)/statemachine.asl.json"), encoding: .utf8)
            let file = out.appendingPathComponent("\(dataset)/deployed.asl.json")
            try Data(AWSExample.substitute(text).utf8).write(to: file)
            #expect(!AWSExample.substitute(text).contains("${"), "\(dataset): a placeholder the template does not fill")
            let validate = try ws.medallion(["sfn", "validate", file.path])
            #expect(validate.status == 0 && !validate.stderr.contains("warning"), "\(dataset): \(validate.stderr)")
            deployed.append(file.path)
        }
        let moto = try runPython("""
            import json, sys, boto3
            from moto import mock_aws
            with mock_aws():
                sfn = boto3.client("stepfunctions", region_name="us-east-1")
                for i, path in enumerate(sys.argv[1:]):
                    definition = open(path).read()
                    arn = sfn.create_state_machine(name=f"medallion-{i}", definition=definition, type="STANDARD",
                                                   roleArn="arn:aws:iam::123456789012:role/medallion-states")["stateMachineArn"]
                    stored = sfn.describe_state_machine(stateMachineArn=arn)["definition"]
                    assert json.loads(stored) == json.loads(definition), path
                    print(arn)
            """, deployed, environment: ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"])
        #expect(moto.status == 0, "\(moto.stderr)")
        #expect(moto.stdout.split(separator: "\n").count == Self.demoDatasets.count, "\(moto.stdout)")
    }

    /// The image installs the Debian package of every shared library the binary asks for, apart
    /// from the Swift runtime (linked in by `--static-swift-stdlib`) and what debian:bookworm-slim
    /// already has (libc6, libgcc-s1, libstdc++6: apt itself needs them).
    @Test func containerfileInstallsEveryLibraryTheBinaryLinks() throws {
        let ws = try PipelineWorkspace("export-containerfile")
        defer { ws.remove() }
        let out = ws.root.appendingPathComponent("out")
        let export = try ws.medallion(["export", "aws", "providers", "-o", out.path])
        #expect(export.status == 0, "\(export.stderr)")
        let containerfile = try String(contentsOf: out.appendingPathComponent("providers/Containerfile"), encoding: .utf8)
        let installLine = try #require(containerfile.split(separator: "\n").first { $0.contains("apt-get install") })
        let installed = Set(installLine.split(separator: " ").map(String.init)).union(["libc6", "libgcc-s1", "libstdc++6"])

        let elf = try runProcess("/usr/bin/readelf", ["-d", TestEnvironment.medallionBinary.path])
        let needed = elf.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
            .compactMap { $0.split(separator: "[").last?.split(separator: "]").first.map(String.init) }
        let swiftRuntime = ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime"]
        let system = needed.filter { name in !swiftRuntime.contains { name.hasPrefix($0) } }
        #expect(system.contains("libcurl.so.4") && system.contains("libsqlite3.so.0"), "\(needed)")
        for library in system {
            let owner = try runProcess("/usr/bin/dpkg", ["-S", "*/\(library)"])
            let packages = Set(owner.stdout.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) })
            #expect(!packages.isDisjoint(with: installed), "\(library) comes from \(packages.sorted()), which the Containerfile does not install")
        }
    }

    @Test func exportOfAnUnknownDatasetIsBadUsage() throws {
        let ws = try PipelineWorkspace("export-unknown")
        defer { ws.remove() }
        let result = try ws.medallion(["export", "aws", "nope", "-o", ws.root.appendingPathComponent("out").path])
        #expect(result.status == 2 && result.stderr.contains("nope"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.root.appendingPathComponent("out/nope").path))
    }

    @Test func taskOutputURIStoresExactlyWhatItPrintsLocallyAndOnS3() throws {
        let ws = try PipelineWorkspace("task-output-uri")
        defer { ws.remove() }
        let input = #"{"dataset": "nsde", "run_id": "20261130T101500Z-0badc0de", "force": false}"#
        let local = try ws.medallion(["task", "medallion:fetch-and-hash", "--input", input, "--output-uri", "runs/nsde/FetchAndHash.json"])
        #expect(local.status == 0, "\(local.stderr)")
        let stored = try String(contentsOf: ws.root.appendingPathComponent("runs/nsde/FetchAndHash.json"), encoding: .utf8)
        #expect(stored == local.stdout && stored.contains("\"changed\":true"), "\(stored)")

        let moto = try MotoServer(bucket: "lake-runs")
        defer { moto.stop() }
        let key = "lake/_runs/nsde/execution-1/FetchAndHash.json"
        // The input handed over as the exported ECS flow does: an object the state machine put.
        let inputKey = "lake/_runs/nsde/execution-1/FetchAndHash.input.json"
        let put = try moto.boto3("s3.put_object(Bucket=bucket, Key=sys.argv[1], Body=sys.argv[2].encode())", [inputKey, input])
        #expect(put.status == 0, "\(put.stderr)")
        let s3 = try ws.medallion(["task", "medallion:fetch-and-hash", "--input", "@s3://lake-runs/\(inputKey)", "--lake", "s3://lake-runs/lake",
                                   "--manifest", ws.root.appendingPathComponent("s3-manifest.sqlite").path,
                                   "--output-uri", "s3://lake-runs/\(key)"], environment: moto.environment)
        #expect(s3.status == 0, "\(s3.stderr)")
        let object = try moto.boto3("sys.stdout.write(s3.get_object(Bucket=bucket, Key=sys.argv[1])[\"Body\"].read().decode())", [key])
        #expect(object.status == 0 && object.stdout == s3.stdout, "\(object.stderr)")
        #expect(s3.stdout.contains("s3://lake-runs/lake/raw/nsde/"), "\(s3.stdout)")
        let missing = try ws.medallion(["task", "medallion:fetch-and-hash", "--input", "@s3://lake-runs/lake/_runs/nsde/none.input.json",
                                        "--lake", "s3://lake-runs/lake"], environment: moto.environment)
        #expect(missing.status == 2 && missing.stderr.contains("no object at s3://lake-runs/lake/_runs/nsde/none.input.json"), "\(missing.stderr)")

        // A failed step stores nothing: the exported flow's Catch takes over.
        let failed = try ws.medallion(["task", "medallion:fetch-and-hash", "--input", #"{"dataset": "nope", "run_id": "20261130T101501Z-0badc0de", "force": false}"#,
                                       "--output-uri", "runs/nope/FetchAndHash.json"])
        #expect(failed.status == 1 && failed.stdout.contains("\"Error\""), "\(failed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: ws.root.appendingPathComponent("runs/nope").path))
    }
}
