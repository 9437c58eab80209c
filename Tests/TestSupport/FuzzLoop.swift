/// What a fuzz loop ended with.
public struct FuzzReport: Sendable {
    /// The loop's tally; nil when an input hung.
    public let tally: FuzzTally?
    /// What the test records as issues: a hang, each kept failure, or a loop that did not run
    /// every input. Empty when all went well.
    public let problems: [String]
}

extension FuzzWatchdog {
    /// The loop every fuzz suite runs, on the watchdog's thread: `setUp` makes the loop's state
    /// once (its mutator, a scratch file; nil after recording why it cannot), `next` makes input
    /// `iteration` from it and `check` judges that input into the tally. Prints one line: `name`,
    /// how many `unit` ran in what time, the slowest input and the tally.
    public func fuzz<State>(_ name: String, iterations: Int, unit: String = "inputs",
                            setUp: @escaping @Sendable (inout FuzzTally) -> State?,
                            next: @escaping @Sendable (inout State, Int) -> [UInt8],
                            check: @escaping @Sendable (inout State, [UInt8], Int, inout FuzzTally) -> Void) async -> FuzzReport {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = await run { () -> FuzzTally in
            var tally = FuzzTally()
            guard var state = setUp(&tally) else { return tally }
            for iteration in 0..<iterations {
                let input = next(&state, iteration)
                self.begin(iteration, input)
                tally.inputs += 1
                check(&state, input, iteration, &tally)
                self.end()
            }
            return tally
        }
        let elapsed = clock.now - start
        switch outcome {
        case .failure(let overrun):
            return FuzzReport(tally: nil, problems: ["hang: \(overrun)"])
        case .success(let tally):
            print("\(name): \(tally.inputs) \(unit) in \(elapsed), slowest \(slowest.elapsed); \(tally.summary)")
            var problems = tally.failures
            if tally.failureCount > tally.failures.count {
                problems.append("\(tally.failureCount - tally.failures.count) more failures")
            }
            if tally.inputs != iterations { problems.append("\(tally.inputs) of \(iterations) \(unit) ran") }
            return FuzzReport(tally: tally, problems: problems)
        }
    }
}
