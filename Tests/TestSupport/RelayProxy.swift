import Foundation

/// An HTTP relay on 127.0.0.1 in front of an S3 emulator that forwards every request unchanged
/// (the Host header too, so SigV4 signatures stay valid) and lets a test break chosen answers.
///
/// `answer` is the body of a Python function `answer(handler, status, data)`, run with the
/// module lock held after the upstream has answered: it returns `"relay"` to pass the answer on,
/// `"drop"` to hang up without answering (the request did reach the upstream), or `"cut"` to send
/// the headers and half the body, then drop the connection, or `"deny"` to answer 403
/// AccessDenied instead (as S3 answers a caller without `s3:ListBucket` for a missing key). `handler` is the request's
/// `BaseHTTPRequestHandler`; the module-level dict `state` survives between requests, and
/// `sys.argv[2...]` holds `arguments`.
public final class RelayProxy: @unchecked Sendable {
    public let server: PythonServer

    public init(upstream: String, arguments: [String] = [], answer: String) throws {
        let indented = answer.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        server = try PythonServer(script: """
            import http.client, http.server, json, sys, threading
            host, port = sys.argv[1].replace("http://", "").split(":")
            state = {}
            lock = threading.Lock()
            def answer(handler, status, data):
            \(indented)
            class Proxy(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def log_message(self, *a): pass
                def relay(self):
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else None
                    conn = http.client.HTTPConnection(host, int(port))
                    conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                    for k, v in self.headers.items():
                        conn.putheader(k, v)
                    conn.endheaders(body)
                    resp = conn.getresponse()
                    data = resp.read()
                    with lock:
                        action = answer(self, resp.status, data)
                    if action == "drop":
                        self.close_connection = True
                        return
                    if action == "deny":
                        denied = b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>'
                        self.send_response(403, "Forbidden")
                        self.send_header("Content-Type", "application/xml")
                        self.send_header("Content-Length", str(len(denied)))
                        self.end_headers()
                        if self.command != "HEAD":
                            self.wfile.write(denied)
                        return
                    self.send_response(resp.status, resp.reason)
                    for k, v in resp.getheaders():
                        if k.lower() not in ("transfer-encoding", "connection", "server", "date"):
                            self.send_header(k, v)
                    self.end_headers()
                    if action == "cut":
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
            """, arguments: [upstream] + arguments)
    }

    public var baseURL: String { server.baseURL }

    public func stop() { server.stop() }
}

extension MotoServer {
    /// This server's S3 settings with requests sent through `proxy` instead.
    public func environment(through proxy: RelayProxy) -> [String: String] {
        var variables = environment
        variables["AWS_ENDPOINT_URL"] = proxy.baseURL
        return variables
    }
}
