import Foundation

/// Values standing in for what CloudFormation substitutes into an exported state machine
/// (`DefinitionSubstitutions`), so tests validate and run the definition Step Functions gets.
public enum AWSExample {
    public static let lakeBucket = "medallion-lake"
    public static let lakePrefix = "lake"
    public static let substitutions: [String: String] = [
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:medallion-steps",
        "ClusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/medallion",
        "TaskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/medallion:1",
        "SubnetIds": "subnet-0a1b2c3d,subnet-4e5f6a7b",
        "SecurityGroupIds": "sg-0a1b2c3d",
        "AssignPublicIp": "ENABLED",
        "LakeBucket": lakeBucket,
        "LakePrefix": lakePrefix,
    ]

    /// `text` with every `${Name}` replaced as CloudFormation would, textually.
    public static func substitute(_ text: String) -> String {
        substitutions.reduce(text) { $0.replacingOccurrences(of: "${\($1.key)}", with: $1.value) }
    }
}
