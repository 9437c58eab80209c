import Foundation
import TestSupport

/// A loopback HTTP server (Python standard library) that misbehaves on purpose.
///
/// Paths: `/ok/<size>`, `/flaky/<n>/<size>` (503 n times), `/drop/<size>` (first response cut
/// mid-body; Range honoured later), `/drop-norange/<size>` (same, Range ignored),
/// `/redirect/<path>` (302 to /<path>; `/redirect/file` points at file:///etc/hostname),
/// `/stall/<size>` (first response stops mid-body and hangs), `/short/<size>` (always fewer
/// bytes than Content-Length), `/status/<code>`; `?id=` separates counters, `?retry_after=` adds that header to
/// flaky 503s; `/log?id=` returns
/// the requests seen (method, path, Range header) as JSON.
enum FaultServer {
    static func start() throws -> PythonServer {
        try PythonServer(script: script)
    }

    /// The payload every data path serves, so tests can compare bytes.
    /// Period 60,491 bytes (251 × 241), so a resume at a wrong offset cannot go unnoticed.
    static func payload(_ size: Int) -> Data {
        Data((0..<size).map { index in
            let j = index % 60_491
            return UInt8(truncatingIfNeeded: (j % 251) ^ ((j / 251) % 241))
        })
    }

    static let script = #"""
import http.server, json, socket, sys, threading, time, urllib.parse
lock = threading.Lock()
counters = {}
log = {}
payloads = {}
def payload(n):
    with lock:
        if n not in payloads:
            # Built from one period so even large payloads are ready at once.
            block = bytes(((i % 251) ^ ((i // 251) % 241)) & 0xFF for i in range(60491))
            payloads[n] = (block * (n // 60491 + 1))[:n]
        return payloads[n]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_HEAD(self): self.handle_any(head=True)
    def do_GET(self): self.handle_any(head=False)
    def handle_any(self, head):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        rid = q.get("id", [""])[0]
        parts = [p for p in url.path.split("/") if p]
        if parts and parts[0] == "log":
            body = json.dumps(log.get(rid, [])).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body); return
        key = (url.path, rid)
        with lock:
            n = counters.get(key, 0); counters[key] = n + 1
            log.setdefault(rid, []).append({"path": url.path, "range": self.headers.get("Range"),
                                            "ifNoneMatch": self.headers.get("If-None-Match"),
                                            "ifRange": self.headers.get("If-Range")})
        kind = parts[0] if parts else ""
        if kind == "status":
            code = int(parts[1]); body = b"failure body"
            self.send_response(code); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body); return
        if kind == "redirect":
            self.send_response(302); self.send_header("Location", "/" + "/".join(parts[1:]) if parts[1] != "file" else "file:///etc/hostname")
            self.send_header("Content-Length", "0"); self.end_headers(); return
        if kind == "flaky":
            failures, size = int(parts[1]), int(parts[2])
            if n < failures:
                body = b"try later"
                self.send_response(503); self.send_header("Content-Length", str(len(body)))
                if "retry_after" in q: self.send_header("Retry-After", q["retry_after"][0])
                self.end_headers()
                self.wfile.write(body); return
            return self.serve(payload(size), ranges=True)
        size = int(parts[1])
        data = payload(size)
        if kind == "ok": return self.serve(data, ranges=True)
        if kind == "drop": return self.serve(data, ranges=True, cut=(n == 0))
        if kind == "drop-norange": return self.serve(data, ranges=False, cut=(n == 0))
        if kind == "stall": return self.serve(data, ranges=True, stall=(n == 0))
        if kind == "short": return self.serve(data, ranges=False, cut=True, cut_at=size - 100)
        self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
    def serve(self, data, ranges, cut=False, stall=False, cut_at=None):
        etag = '"v1-%d"' % len(data)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304); self.send_header("ETag", etag); self.end_headers(); return
        start = 0
        rng = self.headers.get("Range")
        if ranges and rng and rng.startswith("bytes=") and (self.headers.get("If-Range") in (None, etag)):
            start = int(rng[6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
        if ranges: self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        try:
            if cut or stall:
                at = cut_at if cut_at is not None else len(body) // 2
                self.wfile.write(body[:at]); self.wfile.flush()
                if stall: time.sleep(4)
                self.close_connection = True
                # FIN, not RST: a reset could make the client drop bytes it already received.
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(5)
                try:
                    while self.connection.recv(65536): pass
                except OSError: pass
                return
            self.wfile.write(body)
        except OSError:
            self.close_connection = True
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
"""#
}
