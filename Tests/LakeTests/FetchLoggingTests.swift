import Foundation
import Logging
import Testing
import TestSupport
@testable import Lake

/// Source fetch retries are logged as they happen (before the backoff wait), with the URL
/// redacted of its user-info and secret query values.
@Suite(.serialized) struct FetchLoggingTests {
    @Test func retriesAreLoggedAsTheyHappenWithoutCredentials() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-log")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = LogCapture()
        var fetcher = SourceFetcher(baseDirectory: dir, environment: [:], retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05),
                                    timeouts: FetchTimeouts(connect: 5, stall: 10))
        fetcher.logger = log.logger()
        let address = server.baseURL.replacingOccurrences(of: "http://", with: "http://bob:pw-s3cret@")
            + "/flaky/2/1000?id=logged&token=t0ken-value"
        let result = try await fetcher.fetch(address, to: dir.appendingPathComponent("out"), conditional: nil) { _ in }
        #expect(result.bytes == 1000)
        let retries = log.entries("download failed; retrying")
        #expect(retries.map(\.level) == [.warning, .warning])
        #expect(retries.map { $0.metadata["attempt"] } == ["2", "3"])
        #expect(retries.allSatisfy { $0.metadata["error"] == "HTTP 503" && $0.metadata["max_attempts"] == "4" && $0.metadata["wait_s"] != nil })
        #expect(log.entries("download finished").first?.metadata["attempts"] == "3")
        let text = log.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!text.contains("pw-s3cret") && !text.contains("t0ken-value"), "\(text)")
        #expect(retries.first?.metadata["url"]?.contains("REDACTED@127.0.0.1") == true, "\(text)")
    }
}
