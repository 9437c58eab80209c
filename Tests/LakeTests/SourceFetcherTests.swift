import CCurl
import Foundation
import Testing
import TestSupport
@testable import Lake

/// Records progress events from libcurl's thread.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [FetchProgress] = []
    func add(_ event: FetchProgress) { lock.lock(); events.append(event); lock.unlock() }
    var all: [FetchProgress] { lock.lock(); defer { lock.unlock() }; return events }
}

@Suite(.serialized) struct SourceFetcherTests {
    static let fastRetry = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)
    /// Generous: a loaded CI machine must not turn a slow test server into a "stall".
    static let quickTimeouts = FetchTimeouts(connect: 5, stall: 10)

    private func fetcher(_ base: URL = URL(fileURLWithPath: "/")) -> SourceFetcher {
        SourceFetcher(baseDirectory: base, environment: [:], retry: Self.fastRetry, timeouts: Self.quickTimeouts)
    }

    private func sha256sum(_ url: URL) throws -> String {
        let out = try runProcess("/usr/bin/sha256sum", [url.path]).stdout
        return String(out.split(separator: " ").first ?? "")
    }

    /// The reported hash matches both the bytes on disk (sha256sum) and the expected payload.
    private func expectIntact(_ result: FetchResult, file: URL, size: Int) throws {
        #expect(result.notModified == false)
        #expect(result.bytes == Int64(size))
        #expect(try sha256sum(file) == result.sha256)
        #expect(try Data(contentsOf: file) == FaultServer.payload(size))
    }

    private func requests(_ server: PythonServer, id: String) throws -> [[String: String]] {
        let curl = try CurlEasy()
        try curl.set(CURLOPT_URL, server.baseURL + "/log?id=\(id)")
        var data = Data()
        curl.onBody = { data.append(contentsOf: $0) }
        try curl.perform()
        let raw = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return raw.map { $0.compactMapValues { $0 as? String } }
    }

    @Test func downloadsWithProgressAndHash() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-ok")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = 3 << 20
        let file = dir.appendingPathComponent("staging/out.bin")
        let log = ProgressLog()
        let result = try await fetcher().fetch(server.baseURL + "/ok/\(size)?id=ok", to: file, conditional: nil) { log.add($0) }
        try expectIntact(result, file: file, size: size)
        #expect(result.etag == "\"v1-\(size)\"")
        #expect(result.lastModified == "Wed, 25 Nov 2026 10:00:00 GMT")
        let events = log.all
        #expect(events.count >= 2)
        #expect(events.last?.bytes == Int64(size))
        #expect(events.last?.total == Int64(size))
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.bytes <= $1.bytes })
    }

    @Test func conditionalRequestGets304WithoutWriting() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-304")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try await fetcher().fetch(server.baseURL + "/ok/1000?id=c", to: dir.appendingPathComponent("a"), conditional: nil) { _ in }
        let target = dir.appendingPathComponent("b")
        let second = try await fetcher().fetch(server.baseURL + "/ok/1000?id=c", to: target,
                                               conditional: ConditionalRequest(etag: first.etag, lastModified: first.lastModified)) { _ in }
        #expect(second.notModified)
        #expect(second.sha256 == "")
        #expect(second.bytes == 0)
        #expect(second.etag == first.etag)
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(try requests(server, id: "c").last?["ifNoneMatch"] == first.etag)
        // A changed validator downloads again.
        let third = try await fetcher().fetch(server.baseURL + "/ok/1000?id=c", to: target,
                                              conditional: ConditionalRequest(etag: "\"other\"", lastModified: nil)) { _ in }
        try expectIntact(third, file: target, size: 1000)
    }

    @Test func retries503ThenSucceeds() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-503")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out")
        let result = try await fetcher().fetch(server.baseURL + "/flaky/3/70000?id=f", to: file, conditional: nil) { _ in }
        try expectIntact(result, file: file, size: 70000)
        #expect(try requests(server, id: "f").count == 4)
    }

    @Test func retryAfterIsHonouredWithinMaxDelay() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-retry-after")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out")
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 1.5)
        let patient = SourceFetcher(baseDirectory: dir, environment: [:], retry: policy, timeouts: Self.quickTimeouts)
        let started = Date()
        let result = try await patient.fetch(server.baseURL + "/flaky/1/500?id=ra&retry_after=1", to: file, conditional: nil) { _ in }
        // Jitter alone would wait about a millisecond; the header asked for a second.
        #expect(Date().timeIntervalSince(started) >= 1.0)
        try expectIntact(result, file: file, size: 500)
    }

    @Test func persistent503GivesUpAsTransient() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-503x")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out")
        do {
            _ = try await fetcher().fetch(server.baseURL + "/status/503?id=g", to: file, conditional: nil) { _ in }
            Issue.record("expected failure")
        } catch let error as FetchError {
            #expect(error.isTransient)
            #expect(error.httpStatus == 503)
            #expect(error.description.contains("after 4 attempts"))
        }
        #expect(try requests(server, id: "g").count == 4)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test(arguments: [400, 401, 403, 404])
    func clientErrorsFailFast(status: Int) async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-4xx")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = "http://alice:hunter2@127.0.0.1:\(server.port)/status/\(status)?id=s&token=abc123"
        do {
            _ = try await fetcher().fetch(url, to: dir.appendingPathComponent("out"), conditional: nil) { _ in }
            Issue.record("expected failure")
        } catch let error as FetchError {
            #expect(!error.isTransient)
            #expect(error.httpStatus == status)
            #expect(error.description.contains("/status/\(status)"))
            #expect(error.description.contains("HTTP \(status)"))
            #expect(!error.description.contains("hunter2"))
            #expect(!error.description.contains("abc123"))
        }
        #expect(try requests(server, id: "s").count == 1)
    }

    @Test func droppedConnectionResumesWithRange() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-drop")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = 2 << 20
        let file = dir.appendingPathComponent("out")
        let result = try await fetcher().fetch(server.baseURL + "/drop/\(size)?id=d", to: file, conditional: nil) { _ in }
        try expectIntact(result, file: file, size: size)
        let seen = try requests(server, id: "d")
        #expect(seen.count == 2)
        #expect(seen.last?["range"] == "bytes=\(size / 2)-")
        #expect(seen.last?["ifRange"] == "\"v1-\(size)\"")
    }

    @Test func droppedConnectionWithoutRangeSupportRestarts() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-restart")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = 1 << 20
        let file = dir.appendingPathComponent("out")
        let result = try await fetcher().fetch(server.baseURL + "/drop-norange/\(size)?id=r", to: file, conditional: nil) { _ in }
        try expectIntact(result, file: file, size: size)
        #expect(try requests(server, id: "r").count == 2)
    }

    @Test func stalledTransferTimesOutAndResumes() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-stall")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = 1 << 20
        let file = dir.appendingPathComponent("out")
        let impatient = SourceFetcher(baseDirectory: dir, environment: [:], retry: Self.fastRetry,
                                      timeouts: FetchTimeouts(connect: 5, stall: 1))
        let started = Date()
        let result = try await impatient.fetch(server.baseURL + "/stall/\(size)?id=t", to: file, conditional: nil) { _ in }
        // The server hangs for 4 s: finishing sooner proves our 1 s stall timeout cut in.
        #expect(Date().timeIntervalSince(started) < 3.9)
        try expectIntact(result, file: file, size: size)
        let seen = try requests(server, id: "t")
        #expect(seen.count == 2)
        #expect(seen.last?["range"] != nil)
    }

    @Test func cancellingTheTaskStopsTheTransfer() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-cancel")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out")
        let patient = SourceFetcher(baseDirectory: dir, environment: [:], retry: Self.fastRetry,
                                    timeouts: FetchTimeouts(connect: 5, stall: 60))
        let task = Task {
            try await patient.fetch(server.baseURL + "/stall/\(1 << 20)?id=x", to: file, conditional: nil) { _ in }
        }
        try await Task.sleep(nanoseconds: 500_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        #expect(try requests(server, id: "x").count == 1)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func bodyShorterThanContentLengthFails() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-short")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out")
        do {
            _ = try await fetcher().fetch(server.baseURL + "/short/5000?id=h", to: file, conditional: nil) { _ in }
            Issue.record("expected failure")
        } catch let error as FetchError {
            #expect(error.isTransient)
            #expect(error.description.contains("4900 of 5000 bytes"))
        }
        #expect(try requests(server, id: "h").count == 4)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func followsRedirectsButNeverToLocalFiles() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-redirect")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out")
        let result = try await fetcher().fetch(server.baseURL + "/redirect/ok/4096?id=rd", to: file, conditional: nil) { _ in }
        try expectIntact(result, file: file, size: 4096)
        do {
            _ = try await fetcher().fetch(server.baseURL + "/redirect/file?id=rf", to: file, conditional: nil) { _ in }
            Issue.record("a redirect to file:// must be refused")
        } catch let error as FetchError {
            #expect(!error.isTransient)
            guard case .transfer = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(try requests(server, id: "rf").count == 1)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func refusedConnectionIsRetriedThenReported() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-refused")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try await fetcher().fetch("http://127.0.0.1:1/x", to: dir.appendingPathComponent("out"), conditional: nil) { _ in }
            Issue.record("expected failure")
        } catch let error as FetchError {
            #expect(error.isTransient)
            #expect(error.httpStatus == nil)
        }
    }

    @Test func fileSourcesAbsoluteAndRelative() async throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("fetch-file")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("data/in put.csv")
        let size = 5 << 20 + 3
        try FaultServer.payload(size).write(to: source)
        let log = ProgressLog()
        for (index, url) in ["file://" + dir.path + "/data/in%20put.csv", "file:data/in put.csv", "data/in put.csv"].enumerated() {
            let out = dir.appendingPathComponent("out\(index)")
            let result = try await fetcher(dir).fetch(url, to: out, conditional: nil) { log.add($0) }
            try expectIntact(result, file: out, size: size)
            #expect(result.lastModified != nil)
        }
        #expect(log.all.last?.total == Int64(size))
        await #expect(throws: FetchError.self) {
            _ = try await fetcher(dir).fetch("file:missing.csv", to: dir.appendingPathComponent("x"), conditional: nil) { _ in }
        }
        await #expect(throws: FetchError.self) {
            _ = try await fetcher(dir).fetch("ftp://example.com/a", to: dir.appendingPathComponent("x"), conditional: nil) { _ in }
        }
    }
}
