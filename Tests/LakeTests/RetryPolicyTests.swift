import Testing
@testable import Lake

@Suite struct RetryPolicyTests {
    @Test func fullJitterStaysWithinTheExponentialCap() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.1, maxDelay: 1.0)
        for retry in 0..<10 {
            let cap = min(1.0, 0.1 * Double(1 << retry))
            for _ in 0..<200 {
                let delay = policy.delay(beforeRetry: retry)
                #expect(delay >= 0 && delay <= cap)
            }
        }
        // Jitter: not the same value every time.
        let samples = Set((0..<50).map { _ in policy.delay(beforeRetry: 3) })
        #expect(samples.count > 1)
    }

    @Test func attemptsAreBounded() {
        #expect(RetryPolicy(maxAttempts: 0, baseDelay: 1, maxDelay: 1).maxAttempts == 1)
        #expect(RetryPolicy.default.maxAttempts >= 3)
    }
}
