import Foundation
import Testing
import TestSupport

/// `medallion lambda` against a local fake of the Lambda Runtime API: it hands out queued events
/// and records what the runtime posts back, then answers 500 so the runtime stops.
@Suite struct LambdaRuntimeTests {
    static func fakeRuntimeAPI(events: [String], log: URL) throws -> PythonServer {
        try PythonServer(script: """
            import http.server, json, sys, threading
            events = json.loads(sys.argv[2]); lock = threading.Lock(); served = [0]
            def record(entry):
                with lock, open(sys.argv[1], "a") as out: out.write(json.dumps(entry) + "\\n")
            class API(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def reply(self, code, body=b"", headers={}):
                    self.send_response(code)
                    for k, v in headers.items(): self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def do_GET(self):
                    if self.path != "/2018-06-01/runtime/invocation/next": return self.reply(404)
                    with lock:
                        index = served[0]; served[0] += 1
                    if index >= len(events): return self.reply(500, b'{"errorType":"Done"}')
                    self.reply(200, events[index].encode(), {"Lambda-Runtime-Aws-Request-Id": f"req-{index}",
                                                             "Content-Type": "application/json"})
                def do_POST(self):
                    body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                    record({"path": self.path, "type": self.headers.get("Lambda-Runtime-Function-Error-Type"), "body": body})
                    self.reply(202, b'{"status":"OK"}')
                def log_message(self, *a): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), API)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, arguments: [log.path, String(decoding: try JSONSerialization.data(withJSONObject: events), as: UTF8.self)])
    }

    static func posts(_ log: URL) throws -> [[String: String]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object.compactMapValues { $0 as? String }
        }
    }

    @Test func stepsRespondErrorsKeepTheirNamesAndBadEventsAreInvocationErrors() throws {
        let workspace = try PipelineWorkspace("lambda")
        defer { workspace.remove() }
        try workspace.write("datasets/broken.json", #"{"dataset": "broken", "source": {"url": "file:nope.csv", "format": "csv"}}"#)
        let log = workspace.root.appendingPathComponent("posts.jsonl")
        let api = try Self.fakeRuntimeAPI(events: [
            #"{"step": "medallion:fetch-and-hash", "input": {"dataset": "nsde", "run_id": "20261130T101500Z-0badc0de", "force": false}}"#,
            #"{"step": "medallion:fetch-and-hash", "input": {"dataset": "broken", "run_id": "20261130T101501Z-0badc0de", "force": false}}"#,
            "not json at all",
            #"{"step": "medallion:nope", "input": {}}"#,
        ], log: log)
        defer { api.stop() }
        let result = try workspace.medallion(["lambda"], environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(api.port)"])
        // The fake ends the loop with a 500 on the fifth poll.
        #expect(result.status == 1 && result.stderr.contains("HTTP 500"), "\(result.stderr)")
        let posts = try Self.posts(log)
        #expect(posts.map { $0["path"] ?? "" } == [
            "/2018-06-01/runtime/invocation/req-0/response", "/2018-06-01/runtime/invocation/req-1/error",
            "/2018-06-01/runtime/invocation/req-2/error", "/2018-06-01/runtime/invocation/req-3/error",
        ])
        let output = try #require(try PipelineWorkspace.json(posts[0]["body"] ?? "") as? [String: Any])
        #expect(output["changed"] as? Bool == true && (output["sha256"] as? String)?.count == 64)
        #expect(posts[1]["type"] == "Medallion.SourceNotFound")
        let error = try #require(try PipelineWorkspace.json(posts[1]["body"] ?? "") as? [String: String])
        #expect(error["errorType"] == "Medallion.SourceNotFound" && (error["errorMessage"] ?? "").contains("nope.csv"))
        #expect(posts[2]["type"] == "Medallion.BadEvent" && posts[3]["type"] == "Medallion.BadEvent")
        // The step really ran: its raw copy is in the lake.
        #expect(workspace.lakeFiles().contains { $0.hasPrefix("raw/nsde/") })
    }

    @Test func aRuntimeThatCannotStartReportsAnInitError() throws {
        let empty = try TestEnvironment.makeTemporaryDirectory("lambda-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        let log = empty.appendingPathComponent("posts.jsonl")
        let api = try Self.fakeRuntimeAPI(events: [], log: log)
        defer { api.stop() }
        let result = try runProcess(TestEnvironment.medallionBinary.path, ["lambda", "--lake", empty.appendingPathComponent("lake").path],
                                    environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(api.port)"], currentDirectory: empty)
        #expect(result.status == 1)
        let posts = try Self.posts(log)
        #expect(posts.map { $0["path"] ?? "" } == ["/2018-06-01/runtime/init/error"])
        #expect(posts.first?["type"] == "Medallion.InitFailed")
        // Outside Lambda it says what it needs.
        let outside = try runProcess(TestEnvironment.medallionBinary.path, ["lambda"], environment: ["AWS_LAMBDA_RUNTIME_API": ""])
        #expect(outside.status == 2 && outside.stderr.contains("AWS_LAMBDA_RUNTIME_API is not set"))
    }
}
