/// The README.md of an exported bundle: what is in it and the commands that deploy it.
struct BundleReadme {
    let dataset: String
    let compute: AWSCompute
    let bundlePath: String
    let schedules: [String]

    var text: String {
        let stack = "medallion-\(dataset)"
        let networking = compute == .ecs ? " \\\n      SubnetIds=subnet-aaa,subnet-bbb SecurityGroupIds=sg-ccc" : ""
        let computeLine = compute == .lambda
            ? "one container-image Lambda function running `medallion lambda`; each Task is a `lambda:invoke` of it with `{\"step\": \"medallion:…\", \"input\": …}`"
            : "an ECS cluster and a Fargate task definition; each Task hands its input to `_runs/\(dataset)/<execution>/<state>.input.json` in the lake, runs `medallion task <resource> --input @s3://… --output-uri s3://…/<state>.json` and reads that output back"
        let scheduleLine = schedules.isEmpty
            ? "no schedule (the dataset config has none): start executions yourself"
            : "an EventBridge rule per expression (\(schedules.joined(separator: ", "))) starting an execution with `\(CloudFormationTemplate.scheduledInput)`"
        let container = compute == .lambda ? "function instance" : "task"
        return """
            # \(dataset) on AWS Step Functions (\(compute.rawValue))

            Written by `medallion export aws \(dataset) --compute \(compute.rawValue)`. Files:

            - `statemachine.asl.json`: the dataset's state machine for Step Functions, with `${…}` placeholders
              that CloudFormation fills in (`DefinitionSubstitutions`); the same definition is inline in the template
            - `template.json`: the CloudFormation stack:
              - the state machine, its IAM role and a log group
              - \(computeLine)
              - \(scheduleLine)
            - `Containerfile`: the runtime image (release binary, `datasets/`, `statemachines/`)

            Every step reads and updates one manifest in the lake, `s3://<LakeBucket>/<LakePrefix>/manifest.sqlite`,
            with S3 conditional writes (docs/manifest-in-s3.md in the Medallion repository). To inspect it
            from a workstation: `medallion runs --manifest s3://my-lake-bucket/medallion/manifest.sqlite`.
            docs/scale-out.md there explains the flow, the resources and the costs.

            ## Deploy

            ```sh
            # 1. Build the binary and the image, from the repository root
            swift build -c release --static-swift-stdlib && strip .build/release/medallion
            docker build -f \(bundlePath)/Containerfile -t medallion-\(dataset) .

            # 2. Push it to ECR
            ACCOUNT=$(aws sts get-caller-identity --query Account --output text); REGION=${AWS_REGION:-us-east-1}
            REPO=$ACCOUNT.dkr.ecr.$REGION.amazonaws.com/medallion
            aws ecr create-repository --repository-name medallion 2>/dev/null || true
            aws ecr get-login-password | docker login --username AWS --password-stdin $ACCOUNT.dkr.ecr.$REGION.amazonaws.com
            docker tag medallion-\(dataset) $REPO:\(dataset)-1 && docker push $REPO:\(dataset)-1

            # 3. Create or update the stack (the lake bucket must exist)
            aws cloudformation deploy --stack-name \(stack) --template-file \(bundlePath)/template.json \\
              --capabilities CAPABILITY_IAM --parameter-overrides \\
              ImageUri=$REPO:\(dataset)-1 LakeBucket=my-lake-bucket LakePrefix=medallion\(networking)

            # 4. Run it (input optional: {"force": true} rebuilds an unchanged source)
            ARN=$(aws cloudformation describe-stacks --stack-name \(stack) --query "Stacks[0].Outputs[?OutputKey=='StateMachineArn'].OutputValue" --output text)
            aws stepfunctions start-execution --state-machine-arn $ARN --input '{"force": false}'
            ```

            """
    }
}
