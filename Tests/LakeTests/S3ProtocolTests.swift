import CCurl
import Foundation
import Testing
import TestSupport
@testable import Lake

/// S3 request building, response parsing and retry behaviour without moto.
@Suite struct S3ProtocolTests {
    @Test func sigV4EncodingAndCanonicalQuery() {
        #expect(SigV4Encoding.encode("a b+c~(1)ü/x.csv", keepSlash: true) == "a%20b%2Bc~%281%29%C3%BC/x.csv")
        #expect(SigV4Encoding.encode("a/b", keepSlash: false) == "a%2Fb")
        #expect(SigV4Encoding.canonicalQuery([("prefix", "raw/x y"), ("list-type", "2"), ("continuation-token", "a+b=")])
                == "continuation-token=a%2Bb%3D&list-type=2&prefix=raw%2Fx%20y")
        #expect(SigV4Encoding.canonicalQuery([("uploads", "")]) == "uploads=")
    }

    @Test func addressingStyles() throws {
        let custom = try S3Configuration(bucket: "b", environment: ["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000/",
                                                                     "AWS_ENDPOINT_URL": "http://ignored"])
        #expect(custom.pathStyle)
        #expect(S3Request(configuration: custom, method: "GET", key: "k/a b").url == "http://127.0.0.1:9000/b/k/a%20b")
        let aws = try S3Configuration(bucket: "b", environment: ["AWS_DEFAULT_REGION": "eu-west-1"])
        #expect(!aws.pathStyle)
        #expect(aws.region == "eu-west-1")
        #expect(S3Request(configuration: aws, method: "GET", key: "k", query: [("list-type", "2")]).url
                == "https://b.s3.eu-west-1.amazonaws.com/k?list-type=2")
        #expect(throws: (any Error).self) { try S3Configuration(bucket: "b", environment: ["AWS_ACCESS_KEY_ID": "only-id"]) }
        let token = try S3Configuration(bucket: "b", environment: ["AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "s", "AWS_SESSION_TOKEN": "t"])
        #expect(S3Request(configuration: token, method: "GET", key: "k").headers(payloadSHA256: "h")
                == ["x-amz-content-sha256: h", "x-amz-security-token: t"])
    }

    @Test func errorXMLMapsToTypedErrors() {
        let xml = Array("<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The key &amp; more</Message></Error>".utf8)
        let error = S3Client.error(status: 404, body: xml, uri: "s3://b/k", attempts: 1)
        #expect(error == .s3(code: "NoSuchKey", message: "The key & more", uri: "s3://b/k", status: 404, attempts: 1))
        #expect(!error.isTransient)
        #expect(error.s3Code == .noSuchKey)
        #expect(S3Client.error(status: 400, body: Array("<Error><Code>NoSuchBucket</Code></Error>".utf8), uri: "u", attempts: 1).s3Code == .noSuchBucket)
        #expect(S3Client.error(status: 503, body: Array("<Error><Code>SlowDown</Code></Error>".utf8), uri: "u", attempts: 1).s3Code == .slowDown)
        #expect(S3Client.error(status: 503, body: Array("<Error><Code>SlowDown</Code></Error>".utf8), uri: "u", attempts: 1).isTransient)
        #expect(S3Client.error(status: 500, body: Array("<Error><Code>InternalError</Code></Error>".utf8), uri: "u", attempts: 1).isTransient)
        #expect(S3Client.error(status: 403, body: [], uri: "u", attempts: 1) == .s3(code: "AccessDenied", message: "HTTP 403", uri: "u", status: 403, attempts: 1))
    }

    @Test func listResultParsing() {
        let page = Substring("""
            <ListBucketResult><IsTruncated>true</IsTruncated><NextContinuationToken>tok&amp;1</NextContinuationToken>
            <Contents><Key>p/a&lt;1&gt;</Key><Size>12</Size><ETag>&quot;abc&quot;</ETag><LastModified>2026-11-25T10:00:00.000Z</LastModified></Contents>
            <Contents><Key>p/b</Key><Size>0</Size></Contents></ListBucketResult>
            """)
        let entries = XMLText.elements("Contents", in: page)
        #expect(entries.count == 2)
        #expect(XMLText.value("Key", in: entries[0]) == "p/a<1>")
        #expect(XMLText.value("ETag", in: entries[0]).map(S3ObjectStore.unquote) == "abc")
        #expect(XMLText.value("LastModified", in: entries[0]).flatMap(S3ObjectStore.parseISODate) == Date(timeIntervalSince1970: 1_795_600_800))
        #expect(XMLText.value("NextContinuationToken", in: page) == "tok&1")
    }

    /// The fault server stands in for an S3 endpoint: bucket "flaky", key "2/<size>" answers
    /// 503 twice before serving; bucket "status", key "503" always answers 503.
    @Test func transientS3ErrorsAreRetried() async throws {
        let server = try FaultServer.start()
        defer { server.stop() }
        let environment = ["AWS_ENDPOINT_URL": server.baseURL, "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret"]
        let fast = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.02)
        let flaky = S3ObjectStore(configuration: try S3Configuration(bucket: "flaky", environment: environment), prefix: "", retry: fast)
        #expect(try await flaky.get(key: "2/1000", range: 0..<10) == Array(FaultServer.payload(1000)[0..<10]))
        let down = S3ObjectStore(configuration: try S3Configuration(bucket: "status", environment: environment), prefix: "", retry: fast)
        do {
            _ = try await down.get(key: "503", range: 0..<10)
            Issue.record("expected failure")
        } catch let error as StorageError {
            #expect(error.isTransient)
            #expect(error.httpStatus == 503)
            #expect(error.description.contains("after 3 attempts"))
            #expect(!error.description.contains("secret"))
        }
        let missing = S3ObjectStore(configuration: try S3Configuration(bucket: "status", environment: environment), prefix: "", retry: fast)
        #expect(try await missing.head(key: "404") == nil)
        await #expect(throws: StorageError.self) { _ = try await missing.get(key: "403", range: 0..<1) }
    }

    /// A fake S3 that accepts CreateMultipartUpload, fails every UploadPart with
    /// InternalError, and logs every request: the upload must be aborted after retries.
    @Test func failedMultipartUploadIsAborted() async throws {
        let server = try PythonServer(script: #"""
import http.server, json, threading
log = []
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def reply(self, code, body=b""):
        self.send_response(code); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def record(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        log.append(self.command + " " + self.path)
    def do_GET(self):
        if self.path == "/log": return self.reply(200, json.dumps(log).encode())
        self.record(); self.reply(404)
    def do_POST(self):
        self.record()
        self.reply(200, b"<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>")
    def do_PUT(self):
        self.record()
        self.reply(500, b"<Error><Code>InternalError</Code><Message>boom</Message></Error>")
    def do_DELETE(self):
        self.record(); self.reply(204)
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#)
        defer { server.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("abort")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("f")
        try FaultServer.payload(3 << 20).write(to: file)
        let environment = ["AWS_ENDPOINT_URL": server.baseURL, "AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret"]
        var store = S3ObjectStore(configuration: try S3Configuration(bucket: "b", environment: environment), prefix: "p",
                                  retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.01))
        store.multipartThreshold = 1 << 20
        store.partConcurrency = 1
        do {
            try await store.put(key: "k", fileAt: file)
            Issue.record("expected failure")
        } catch let error as StorageError {
            guard case .s3(let code, _, _, 500, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == "InternalError")
        }
        let curl = try CurlEasy()
        try curl.set(CURLOPT_URL, server.baseURL + "/log")
        var body = Data()
        curl.onBody = { body.append(contentsOf: $0) }
        try curl.perform()
        let log = try JSONSerialization.jsonObject(with: body) as? [String] ?? []
        #expect(log.first == "POST /b/p/k?uploads=")
        #expect(log.filter { $0.hasPrefix("PUT /b/p/k?partNumber=1&uploadId=up-1") }.count == 2)
        #expect(log.last == "DELETE /b/p/k?uploadId=up-1")
    }

    @Test func pooledHandlesReuseConnections() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("reuse")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("a"))
        let server = try PythonServer.staticFiles(dir)
        defer { server.stop() }
        let pool = CurlPool()
        let connections = try (0..<3).map { _ in
            try pool.withHandle { curl -> Int in
                try curl.set(CURLOPT_URL, server.baseURL + "/a")
                try curl.perform()
                return curl.newConnections
            }
        }
        #expect(connections == [1, 0, 0])
    }
}
