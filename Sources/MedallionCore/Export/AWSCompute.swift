/// Where an exported state machine runs the Medallion steps on AWS.
public enum AWSCompute: String, Sendable, CaseIterable {
    /// A `lambda:invoke` Task calling one container-image function that runs `medallion lambda`
    /// (15 minutes and 10 GB of memory at most per step).
    case lambda
    /// An `ecs:runTask.sync` Task starting `medallion task <resource>` on Fargate (no time limit);
    /// the step writes its output to the lake and the flow reads it back.
    case ecs
}
