import Foundation
import Testing
import TestSupport
import CCurl
@testable import Lake

@Suite struct CurlTests {
    private func get(_ url: String) throws -> (status: Int, body: [UInt8]) {
        let curl = try CurlEasy()
        try curl.set(CURLOPT_URL, url, "URL")
        var body = [UInt8]()
        curl.onBody = { body.append(contentsOf: $0) }
        try curl.perform()
        return (curl.responseCode, body)
    }

    @Test func getsAFileURL() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("curl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let payload = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let file = dir.appendingPathComponent("payload.bin")
        try payload.write(to: file)
        let result = try get("file://" + file.path)
        #expect(result.body == Array(payload))
    }

    @Test func getsFromALoopbackHTTPServer() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("curl-http")
        defer { try? FileManager.default.removeItem(at: dir) }
        let payload = Data(String(repeating: "medallion ", count: 100_000).utf8)
        try payload.write(to: dir.appendingPathComponent("data.txt"))
        let server = try PythonServer.staticFiles(dir)
        defer { server.stop() }

        let ok = try get(server.baseURL + "/data.txt")
        #expect(ok.status == 200)
        #expect(ok.body == Array(payload))

        let missing = try get(server.baseURL + "/nope.txt")
        #expect(missing.status == 404)
    }

    @Test func refusedConnectionIsATransientError() throws {
        // Port 1 on loopback has no listener: the connection is refused at once.
        do {
            _ = try get("http://127.0.0.1:1/")
            Issue.record("expected a connection error")
        } catch let error as CurlError {
            #expect(error.isTransient)
        }
    }

    @Test func callbackErrorsAbortTheTransfer() throws {
        struct Stop: Error {}
        let dir = try TestEnvironment.makeTemporaryDirectory("curl-abort")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("x")
        try Data(count: 1 << 20).write(to: file)
        let curl = try CurlEasy()
        try curl.set(CURLOPT_URL, "file://" + file.path)
        curl.onBody = { _ in throw Stop() }
        #expect(throws: Stop.self) { try curl.perform() }
    }
}
