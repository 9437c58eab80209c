import Foundation
import Testing
import TestSupport

/// `source.max_concurrency`: files are fetched side by side, never more at once than the
/// setting. A loopback server holds every response for a moment and counts the requests in
/// flight, so the test measures overlap rather than time.
@Suite struct ManyFilesConcurrencyRunTests {
    static let countingServer = """
        import http.server, sys, threading, time
        lock = threading.Lock()
        state = {"now": 0, "most": 0}
        class Slow(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def do_GET(self):
                if self.path == "/most":
                    body = str(state["most"]).encode()
                else:
                    with lock:
                        state["now"] += 1
                        state["most"] = max(state["most"], state["now"])
                    time.sleep(0.4)
                    with lock:
                        state["now"] -= 1
                    n = self.path.rsplit("-", 1)[1].split(".")[0]
                    body = f"id,file\\n{n},{self.path}\\n".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    @Test func filesAreFetchedConcurrentlyUpToMaxConcurrency() throws {
        let server = try PythonServer(script: Self.countingServer)
        defer { server.stop() }
        let workspace = try PipelineWorkspace("many-files-concurrency")
        defer { workspace.remove() }
        let urls = (0..<9).map { "\"\(server.baseURL)/part-\($0).csv\"" }.joined(separator: ", ")
        try workspace.write("datasets/parts.json", """
            {"dataset": "parts", "source": {"urls": [\(urls)], "format": "csv", "max_concurrency": 3}}
            """)
        let run = try workspace.medallion(["run", "parts", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        #expect((summary["rows"] as? [String: Any])?["bronze"] as? Int == 9)
        let most = try runPython("import urllib.request, sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())",
                                 ["\(server.baseURL)/most"])
        // Overlap, within the bound (3 on an idle machine; 2 still shows concurrency on a busy one).
        let inFlight = Int(most.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect((2...3).contains(inFlight), "requests in flight at most: \(most.stdout)")
    }
}
