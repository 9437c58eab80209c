import StateMachine

/// The CloudFormation template (JSON) of one exported dataset: the state machine and its role,
/// the compute it calls (a container-image Lambda function, or a Fargate task definition and
/// cluster), a log group, and an EventBridge rule per cron expression when the dataset has a
/// `schedule`. Every role gets only what its part does: the lake's bucket prefix, the one
/// function or task definition, the one log group.
struct CloudFormationTemplate {
    let dataset: String
    let compute: AWSCompute
    /// The exported definition, with the ``AWSStateMachineExport/Placeholder``s it uses.
    let definition: JSONValue
    /// `cron(...)` expressions (`AWSCron`); empty when the dataset has no schedule.
    let schedules: [String]

    /// The execution input a scheduled run starts with (`Prepare run` fills in the rest).
    static let scheduledInput = #"{"force": false}"#

    var json: JSONValue {
        var resources = JSONObject()
        resources["LogGroup"] = ["Type": "AWS::Logs::LogGroup", "Properties": ["RetentionInDays": 30]]
        switch compute {
        case .lambda:
            resources["FunctionRole"] = role(service: "lambda.amazonaws.com", policies: [
                policy("lake", lakeAccess),
                policy("logs", [statement(["logs:CreateLogStream", "logs:PutLogEvents"], [getAtt("LogGroup", "Arn")])]),
            ])
            resources["Function"] = function
        case .ecs:
            resources["Cluster"] = ["Type": "AWS::ECS::Cluster"]
            resources["TaskExecutionRole"] = role(service: "ecs-tasks.amazonaws.com", policies: [], managed: [
                sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
            ])
            resources["TaskRole"] = role(service: "ecs-tasks.amazonaws.com", policies: [policy("lake", lakeAccess)])
            resources["TaskDefinition"] = taskDefinition
        }
        resources["StateMachineRole"] = role(service: "states.amazonaws.com", policies: stateMachinePolicies)
        resources["StateMachine"] = stateMachine
        if !schedules.isEmpty {
            resources["ScheduleRole"] = role(service: "events.amazonaws.com", policies: [
                policy("start-execution", [statement(["states:StartExecution"], [ref("StateMachine")])]),
            ])
            for (index, expression) in schedules.enumerated() {
                resources[index == 0 ? "ScheduleRule" : "ScheduleRule\(index + 1)"] = scheduleRule(expression)
            }
        }
        return [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": .string("Medallion dataset \(dataset) on AWS Step Functions with \(compute == .lambda ? "Lambda" : "ECS on Fargate") (medallion export aws)"),
            "Parameters": .object(parameters),
            "Resources": .object(resources),
            "Outputs": .object(outputs),
        ]
    }

    private var parameters: JSONObject {
        var out = JSONObject()
        out["ImageUri"] = ["Type": "String", "Description": "The medallion image in ECR (Containerfile in this bundle), e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/medallion:1"]
        out["LakeBucket"] = ["Type": "String", "AllowedPattern": "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
                             "Description": "The S3 bucket holding the lake (created beforehand)"]
        out["LakePrefix"] = ["Type": "String", "Default": "medallion", "AllowedPattern": "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$",
                             "Description": "The lake's key prefix in the bucket, without slashes at either end: the lake is s3://<LakeBucket>/<LakePrefix>"]
        switch compute {
        case .lambda:
            out["MemorySize"] = ["Type": "Number", "Default": 2048, "MinValue": 128, "MaxValue": 10240,
                                 "Description": "Function memory in MB (CPU grows with it)"]
            out["EphemeralStorageSize"] = ["Type": "Number", "Default": 2048, "MinValue": 512, "MaxValue": 10240,
                                           "Description": "Function /tmp size in MB: staging for a source and the Parquet being written"]
        case .ecs:
            out["SubnetIds"] = ["Type": "List<AWS::EC2::Subnet::Id>", "Description": "Subnets the Fargate tasks run in (they need a route to S3 and ECR)"]
            out["SecurityGroupIds"] = ["Type": "List<AWS::EC2::SecurityGroup::Id>", "Description": "Security groups of the Fargate tasks (outbound HTTPS)"]
            out["AssignPublicIp"] = ["Type": "String", "Default": "ENABLED", "AllowedValues": ["ENABLED", "DISABLED"],
                                     "Description": "ENABLED in a public subnet without a NAT gateway; DISABLED with NAT or VPC endpoints"]
            out["TaskCpu"] = ["Type": "String", "Default": "1024", "AllowedValues": ["256", "512", "1024", "2048", "4096", "8192", "16384"],
                              "Description": "Fargate CPU units per step (1024 = 1 vCPU)"]
            out["TaskMemory"] = ["Type": "String", "Default": "2048", "Description": "Fargate memory per step in MiB (valid for the chosen TaskCpu)"]
            out["EphemeralStorageSize"] = ["Type": "Number", "Default": 21, "MinValue": 21, "MaxValue": 200,
                                           "Description": "Fargate ephemeral storage in GiB"]
        }
        if !schedules.isEmpty {
            out["ScheduleState"] = ["Type": "String", "Default": "ENABLED", "AllowedValues": ["ENABLED", "DISABLED"],
                                    "Description": "Whether the dataset's schedule starts executions"]
        }
        return out
    }

    private var outputs: JSONObject {
        var out = JSONObject()
        out["StateMachineArn"] = ["Description": "Start a run: aws stepfunctions start-execution --state-machine-arn <this>", "Value": ref("StateMachine")]
        out["LogGroupName"] = ["Value": ref("LogGroup")]
        switch compute {
        case .lambda:
            out["FunctionArn"] = ["Value": getAtt("Function", "Arn")]
        case .ecs:
            out["ClusterArn"] = ["Value": getAtt("Cluster", "Arn")]
            out["TaskDefinitionArn"] = ["Value": ref("TaskDefinition")]
        }
        return out
    }

    /// What the steps need: list the lake prefix, read and write under it, finish or abort
    /// multipart uploads (Parquet files above 16 MiB), remove what `vacuum` and the janitor remove.
    private var lakeAccess: [JSONValue] {
        [
            statement(["s3:ListBucket"], [sub("arn:${AWS::Partition}:s3:::${LakeBucket}")],
                      condition: ["StringLike": ["s3:prefix": [sub("${LakePrefix}"), sub("${LakePrefix}/*")]]]),
            statement(["s3:ListBucketMultipartUploads"], [sub("arn:${AWS::Partition}:s3:::${LakeBucket}")]),
            statement(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                      [sub("arn:${AWS::Partition}:s3:::${LakeBucket}/${LakePrefix}/*")]),
        ]
    }

    private var stepEnvironment: [(String, JSONValue)] {
        [("MEDALLION_LAKE", sub("s3://${LakeBucket}/${LakePrefix}")), ("MEDALLION_MANIFEST", sub("s3://${LakeBucket}/${LakePrefix}/manifest.sqlite"))]
    }

    private var function: JSONValue {
        [
            "Type": "AWS::Lambda::Function",
            "Properties": [
                "Description": .string("Medallion steps for \(dataset) (medallion lambda)"),
                "PackageType": "Image",
                "Code": ["ImageUri": ref("ImageUri")],
                "Architectures": ["x86_64"],
                "Role": getAtt("FunctionRole", "Arn"),
                "MemorySize": ref("MemorySize"),
                // Lambda's ceiling; a step that needs longer belongs on ECS.
                "Timeout": 900,
                "EphemeralStorage": ["Size": ref("EphemeralStorageSize")],
                "Environment": ["Variables": .object(JSONObject(stepEnvironment))],
                "LoggingConfig": ["LogGroup": ref("LogGroup"), "LogFormat": "Text"],
            ],
        ]
    }

    private var taskDefinition: JSONValue {
        [
            "Type": "AWS::ECS::TaskDefinition",
            "Properties": [
                "RequiresCompatibilities": ["FARGATE"],
                "NetworkMode": "awsvpc",
                "Cpu": ref("TaskCpu"),
                "Memory": ref("TaskMemory"),
                "EphemeralStorage": ["SizeInGiB": ref("EphemeralStorageSize")],
                "RuntimePlatform": ["CpuArchitecture": "X86_64", "OperatingSystemFamily": "LINUX"],
                "ExecutionRoleArn": getAtt("TaskExecutionRole", "Arn"),
                "TaskRoleArn": getAtt("TaskRole", "Arn"),
                "ContainerDefinitions": [[
                    "Name": .string(AWSStateMachineExport.containerName),
                    "Image": ref("ImageUri"),
                    "Essential": true,
                    "Environment": .array(stepEnvironment.map { ["Name": .string($0.0), "Value": $0.1] }),
                    "LogConfiguration": ["LogDriver": "awslogs", "Options": [
                        "awslogs-group": ref("LogGroup"), "awslogs-region": ref("AWS::Region"), "awslogs-stream-prefix": .string(dataset),
                    ]],
                ]],
            ],
        ]
    }

    private var stateMachinePolicies: [JSONValue] {
        // Step Functions' log delivery API takes no resource narrower than "*" (AWS documents this).
        let logDelivery = statement([
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ], ["*"])
        switch compute {
        case .lambda:
            return [
                policy("invoke", [statement(["lambda:InvokeFunction"], [getAtt("Function", "Arn"), sub("${Function.Arn}:*")])]),
                policy("logs", [logDelivery]),
            ]
        case .ecs:
            return [
                policy("run-task", [
                    statement(["ecs:RunTask"], [ref("TaskDefinition")], condition: ["ArnEquals": ["ecs:cluster": getAtt("Cluster", "Arn")]]),
                    statement(["ecs:StopTask", "ecs:DescribeTasks"], [sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*")]),
                    statement(["iam:PassRole"], [getAtt("TaskRole", "Arn"), getAtt("TaskExecutionRole", "Arn")]),
                    // runTask.sync learns that a task stopped from this managed EventBridge rule.
                    statement(["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                              [sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule")]),
                ]),
                // Step inputs are handed over and outputs read back under _runs/<dataset>/ only.
                policy("step-objects", [statement(["s3:PutObject", "s3:GetObject"],
                                                  [sub("arn:${AWS::Partition}:s3:::${LakeBucket}/${LakePrefix}/_runs/\(dataset)/*")])]),
                policy("logs", [logDelivery]),
            ]
        }
    }

    private var stateMachine: JSONValue {
        var substitutions = JSONObject()
        for placeholder in AWSStateMachineExport.Placeholder.used(by: compute) {
            substitutions[placeholder.rawValue] = substitution(placeholder)
        }
        return [
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": [
                "StateMachineType": "STANDARD",
                "RoleArn": getAtt("StateMachineRole", "Arn"),
                "Definition": definition,
                "DefinitionSubstitutions": .object(substitutions),
                "LoggingConfiguration": [
                    "Level": "ERROR", "IncludeExecutionData": false,
                    "Destinations": [["CloudWatchLogsLogGroup": ["LogGroupArn": getAtt("LogGroup", "Arn")]]],
                ],
            ],
        ]
    }

    private func substitution(_ placeholder: AWSStateMachineExport.Placeholder) -> JSONValue {
        switch placeholder {
        case .functionArn: return getAtt("Function", "Arn")
        case .clusterArn: return getAtt("Cluster", "Arn")
        case .taskDefinitionArn: return ref("TaskDefinition")
        case .subnetIds: return ["Fn::Join": [",", ref("SubnetIds")]]
        case .securityGroupIds: return ["Fn::Join": [",", ref("SecurityGroupIds")]]
        case .assignPublicIp: return ref("AssignPublicIp")
        case .lakeBucket: return ref("LakeBucket")
        case .lakePrefix: return ref("LakePrefix")
        }
    }

    private func scheduleRule(_ expression: String) -> JSONValue {
        [
            "Type": "AWS::Events::Rule",
            "Properties": [
                "Description": .string("Runs \(dataset) on its schedule (UTC)"),
                "ScheduleExpression": .string(expression),
                "State": ref("ScheduleState"),
                "Targets": [[
                    "Id": .string("medallion-\(dataset)"), "Arn": ref("StateMachine"), "RoleArn": getAtt("ScheduleRole", "Arn"),
                    "Input": .string(Self.scheduledInput),
                ]],
            ],
        ]
    }

    private func role(service: String, policies: [JSONValue], managed: [JSONValue] = []) -> JSONValue {
        var properties = JSONObject()
        properties["AssumeRolePolicyDocument"] = [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "Principal": ["Service": .string(service)], "Action": "sts:AssumeRole"]],
        ]
        if !managed.isEmpty { properties["ManagedPolicyArns"] = .array(managed) }
        if !policies.isEmpty { properties["Policies"] = .array(policies) }
        return ["Type": "AWS::IAM::Role", "Properties": .object(properties)]
    }

    private func policy(_ name: String, _ statements: [JSONValue]) -> JSONValue {
        ["PolicyName": .string(name), "PolicyDocument": ["Version": "2012-10-17", "Statement": .array(statements)]]
    }

    private func statement(_ actions: [String], _ resources: [JSONValue], condition: JSONValue? = nil) -> JSONValue {
        var out = JSONObject()
        out["Effect"] = "Allow"
        out["Action"] = .array(actions.map { .string($0) })
        out["Resource"] = .array(resources)
        if let condition { out["Condition"] = condition }
        return .object(out)
    }

    private func ref(_ name: String) -> JSONValue { ["Ref": .string(name)] }
    private func getAtt(_ resource: String, _ attribute: String) -> JSONValue { ["Fn::GetAtt": [.string(resource), .string(attribute)]] }
    private func sub(_ text: String) -> JSONValue { ["Fn::Sub": .string(text)] }
}
