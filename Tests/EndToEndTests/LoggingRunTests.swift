import Foundation
import Testing
import TestSupport

/// `--log-level` / `MEDALLION_LOG_LEVEL` and `--log-format json` give structured lines on
/// stderr as things happen (retries with their waits), and no credential ever reaches them.
@Suite(.serialized) struct LoggingRunTests {
    static let password = "hunter2-pw-9f3a"
    static let queryToken = "qs-token-77c1"

    /// Requires Basic auth `bob:<password>`, answers 503 to the first `failures` requests,
    /// then serves the file.
    static let flakyServer = #"""
import base64, http.server, sys, threading
path, password, failures = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = open(path, "rb").read()
lock = threading.Lock()
seen = [0]
expected = "Basic " + base64.b64encode(("bob:" + password).encode()).decode()
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        if self.headers.get("Authorization") != expected:
            self.send_response(401); self.send_header("Content-Length", "0"); self.end_headers(); return
        with lock:
            seen[0] += 1
            n = seen[0]
        if n <= failures:
            self.send_response(503); self.send_header("Content-Length", "0"); self.end_headers(); return
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""#

    @Test func debugRunWithCredentialsLogsRetriesAndPrintsNoSecret() throws {
        let moto = try MotoServer(bucket: "lake-logs")
        defer { moto.stop() }
        let ws = try PipelineWorkspace("logging")
        defer { ws.remove() }
        // Six 503s: the fetcher's five attempts give up, the state machine's Retry tries again.
        let source = try PythonServer(script: Self.flakyServer, arguments: [
            ws.root.appendingPathComponent("datasets/samples/providers.csv").path, Self.password, "6",
        ])
        defer { source.stop() }
        let url = "http://bob:\(Self.password)@127.0.0.1:\(source.port)/providers.csv?token=\(Self.queryToken)"
        try ws.write("datasets/flaky.json", #"{"dataset": "flaky", "source": {"url": "\#(url)", "format": "csv"}}"#)
        // No AWS_SESSION_TOKEN: moto refuses tokens it did not issue (StructuredLogHandlerTests masks one).
        var environment = moto.environment
        environment["MEDALLION_LOG_LEVEL"] = "debug"
        let lake = "s3://lake-logs/medallion"
        let run = try ws.medallion(["run", "flaky", "--lake", lake, "--json", "--quiet", "--log-format", "json"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        #expect(summary["status"] as? String == "succeeded", "\(run.stdout)")

        // With --quiet every stderr line is a log line, and every log line is a JSON object.
        let lines = try run.stderr.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        func messages(_ text: String) -> [[String: Any]] { lines.filter { $0["message"] as? String == text } }
        let downloads = messages("download failed; retrying")
        #expect(downloads.count == 5, "\(downloads)")
        #expect(downloads.allSatisfy { $0["level"] as? String == "warning" && $0["error"] as? String == "HTTP 503"
                && $0["wait_s"] is Double && $0["dataset"] as? String == "flaky" })
        let retried = messages("retrying after error")
        #expect(retried.count == 1 && retried.first?["state"] as? String == "FetchAndHash"
                && retried.first?["error"] as? String == "Medallion.SourceUnavailable", "\(retried)")
        #expect(!messages("S3 request").isEmpty, "debug lines of the S3 lake")
        #expect(!messages("state entered").isEmpty && !messages("execution succeeded").isEmpty)

        // Nothing printed, recorded or shown later names a credential.
        let runId = try #require(summary["run_id"] as? String)
        let shown = [run.stdout, run.stderr,
                     try ws.medallion(["runs", "--json", "--lake", lake], environment: environment).stdout,
                     try ws.medallion(["history", runId, "--json", "--lake", lake], environment: environment).stdout,
                     try ws.medallion(["manifest", "flaky", "--json", "--lake", lake], environment: environment).stdout]
        #expect(shown[3].contains("FetchAndHash") && shown[4].contains(runId))
        for secret in [Self.password, Self.queryToken, moto.secretAccessKey, moto.accessKeyID] {
            for text in shown { #expect(!text.contains(secret), "\(secret) printed: \(text.prefix(2000))") }
        }
        #expect(run.stderr.contains("REDACTED@127.0.0.1"))
    }

    @Test func logLevelAndFormatAreCheckedAndQuietMeansQuiet() throws {
        let ws = try PipelineWorkspace("log-usage")
        defer { ws.remove() }
        let bad = try ws.medallion(["runs"], environment: ["MEDALLION_LOG_LEVEL": "chatty"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("MEDALLION_LOG_LEVEL: 'chatty' is not a log level"), "\(bad.stderr)")
        #expect(try ws.medallion(["run", "providers", "--log-format", "yaml"]).status == 2)
        // Info lines in text, progress lines around them.
        let info = try ws.medallion(["run", "providers", "--log-level", "info"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stderr.contains("info [medallion] execution started dataset=providers"), "\(info.stderr)")
        #expect(info.stderr.contains("providers: manifest version 1 recorded"))
        // --quiet without a level prints nothing, whatever MEDALLION_LOG_LEVEL the caller's shell had not set.
        let quiet = try ws.medallion(["run", "providers", "--force", "--quiet"], environment: ["MEDALLION_LOG_LEVEL": ""])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
        let help = try ws.medallion(["run", "--help"])
        #expect(help.stdout.contains("--log-level") && help.stdout.contains("--log-format"))
    }
}
