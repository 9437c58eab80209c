/// What a fuzz loop saw: how many inputs ended in each outcome, and the first failures with
/// the inputs that caused them (the loop runs off the test's task, so the test records them).
public struct FuzzTally: Sendable {
    /// Inputs the loop ran (an input may count several outcomes, e.g. "parsed" and "written").
    public var inputs = 0
    public private(set) var outcomes: [String: Int] = [:]
    public private(set) var failures: [String] = []
    /// Failures kept in full; later ones are only counted.
    public static let keptFailures = 20
    public private(set) var failureCount = 0

    public init() {}

    /// Counts one occurrence of `outcome` (e.g. "parsed", "syntax error").
    public mutating func count(_ outcome: String) {
        outcomes[outcome, default: 0] += 1
    }

    /// Records a broken expectation for input `iteration`.
    public mutating func fail(_ iteration: Int, _ input: [UInt8], _ why: String) {
        failureCount += 1
        if failures.count < Self.keptFailures {
            failures.append("input \(iteration): \(why)\n  \(FuzzWatchdog.describe(input))")
        }
    }

    public subscript(outcome: String) -> Int { outcomes[outcome] ?? 0 }

    /// One line per outcome, most frequent first.
    public var summary: String {
        outcomes.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
}
