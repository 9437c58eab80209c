import Foundation
import Testing
import TestSupport
@testable import Lake

/// An `s3://` source download cut off mid-body resumes with a signed `Range` request that a
/// real S3 emulator (moto, verifying signatures) accepts, and the hash covers exactly the
/// object's bytes.
@Suite(.serialized) struct S3ResumeTests {
    /// Forwards every request unchanged to the upstream given as argv[1]; the first GET of a
    /// path ending in argv[2] gets its full headers but only half its body, then the
    /// connection drops. Requests are appended to the file argv[3] as JSON lines.
    static let proxy = """
        import http.client, http.server, json, sys, threading
        upstream, target, log_path = sys.argv[1], sys.argv[2], sys.argv[3]
        host, port = upstream.replace("http://", "").split(":")
        state = {"cut": False}
        lock = threading.Lock()
        class Proxy(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with lock:
                    with open(log_path, "a") as f:
                        f.write(json.dumps({"method": self.command, "path": self.path,
                                            "range": self.headers.get("Range"), "ifRange": self.headers.get("If-Range")}) + "\\n")
                conn = http.client.HTTPConnection(host, int(port))
                conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in self.headers.items():
                    conn.putheader(k, v)
                conn.endheaders(body)
                resp = conn.getresponse()
                data = resp.read()
                cut = False
                with lock:
                    if self.command == "GET" and self.path.split("?")[0].endswith(target) and not state["cut"] and len(data) > 1:
                        state["cut"] = cut = True
                self.send_response(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "server", "date"):
                        self.send_header(k, v)
                self.end_headers()
                if cut:
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if self.command != "HEAD":
                    self.wfile.write(data)
            do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = relay
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    @Test func droppedS3DownloadResumesWithSignedRange() async throws {
        let moto = try MotoServer()
        defer { moto.stop() }
        let dir = try TestEnvironment.makeTemporaryDirectory("s3-resume")
        defer { try? FileManager.default.removeItem(at: dir) }
        let size = 3 << 20
        let source = dir.appendingPathComponent("source.bin")
        try FaultServer.payload(size).write(to: source)
        let store = try ObjectStores.open("s3://\(moto.bucket)/lake", environment: moto.environment)
        try await store.put(key: "raw/resume/data.bin", fileAt: source)

        let log = dir.appendingPathComponent("requests.jsonl")
        let proxy = try PythonServer(script: Self.proxy, arguments: [moto.endpoint, "/raw/resume/data.bin", log.path])
        defer { proxy.stop() }
        var environment = moto.environment
        environment["AWS_ENDPOINT_URL"] = proxy.baseURL
        let fetcher = SourceFetcher(baseDirectory: dir, environment: environment)
        let staged = dir.appendingPathComponent("staged.bin")
        let result = try await fetcher.fetch("s3://\(moto.bucket)/lake/raw/resume/data.bin", to: staged, conditional: nil) { _ in }

        let expected = StreamingSHA256.hex(of: Array(try Data(contentsOf: source)))
        #expect(result.sha256 == expected)
        #expect(result.bytes == Int64(size))
        #expect(StreamingSHA256.hex(of: Array(try Data(contentsOf: staged))) == expected)
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let gets = requests.filter { $0["method"] as? String == "GET" }
        #expect(gets.count == 2, "\(requests)")
        #expect(gets.last?["range"] as? String == "bytes=\(size / 2)-")
        #expect(gets.last?["ifRange"] is String, "a resumed GET must be conditional on the object's ETag")
    }
}
