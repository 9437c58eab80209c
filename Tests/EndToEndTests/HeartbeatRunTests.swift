import Foundation
import Testing
import TestSupport

/// A definition's `HeartbeatSeconds` catches a stuck step: Medallion's steps beat as they
/// make progress, so a download that stops moving fails the run instead of hanging it.
@Suite struct HeartbeatRunTests {
    /// Answers with a large Content-Length, sends a header row and a record, then hangs.
    static let stallingServer = #"""
import http.server, socket, time
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "10000000")
        self.end_headers()
        self.wfile.write(b"a,b\n1,2\n")
        self.wfile.flush()
        time.sleep(600)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    @Test func aStuckDownloadMissesItsHeartbeatAndFailsTheRun() throws {
        let server = try PythonServer(script: Self.stallingServer)
        defer { server.stop() }
        let workspace = try PipelineWorkspace("heartbeat")
        defer { workspace.remove() }
        let flow = workspace.root.appendingPathComponent("statemachines/medallion.asl.json")
        guard var definition = try JSONSerialization.jsonObject(with: Data(contentsOf: flow)) as? [String: Any],
              var states = definition["States"] as? [String: Any], var fetch = states["FetchAndHash"] as? [String: Any] else {
            Issue.record("unexpected default flow")
            return
        }
        fetch["HeartbeatSeconds"] = 2
        states["FetchAndHash"] = fetch
        definition["States"] = states
        try JSONSerialization.data(withJSONObject: definition).write(to: workspace.root.appendingPathComponent("statemachines/beat.asl.json"))
        try workspace.write("datasets/stuck.json", """
            {"dataset": "stuck", "source": {"url": "\(server.baseURL)/data.csv", "format": "csv"},
             "state_machine": "statemachines/beat.asl.json"}
            """)
        #expect(try workspace.medallion(["validate"]).status == 0)

        let run = try workspace.medallion(["run", "stuck"])
        #expect(run.status == 1, "\(run.stdout) \(run.stderr)")
        #expect((run.stdout + run.stderr).contains("States.Timeout"), "\(run.stdout) \(run.stderr)")
        let runs = try workspace.medallion(["runs", "--json"])
        #expect(runs.stdout.contains("HeartbeatSeconds of 2 s"), "\(runs.stdout)")
        #expect(!workspace.lakeFiles().contains { $0.hasPrefix("bronze/") })
    }
}
