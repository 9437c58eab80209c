import Foundation

/// A fuzz suite's seed and input count: fixed by default so `make test` is reproducible;
/// MEDALLION_FUZZ_SEED and MEDALLION_FUZZ_ITERATIONS explore further by hand.
public struct FuzzConfiguration: Sendable {
    public let seed: UInt64
    public let iterations: Int

    public init(seed: UInt64, iterations: Int = 10_000) {
        let environment = ProcessInfo.processInfo.environment
        self.seed = environment["MEDALLION_FUZZ_SEED"].flatMap { UInt64($0) } ?? seed
        self.iterations = environment["MEDALLION_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? iterations
    }
}
