import Foundation
import Testing
import TestSupport

/// Opens a page in headless Chromium (Debian package `chromium`, installed by `make setup`)
/// over the DevTools protocol on a pipe, so no browser driver package is needed: takes a
/// full-page screenshot and reports every request the page made, console messages, log
/// entries, uncaught exceptions and the value of a JavaScript check evaluated in the page.
/// The page loads with JavaScript disabled (it must work without); the check runs afterwards.
struct HeadlessChromium {
    struct Visit {
        var requests: [String]
        var failedRequests: [String]
        var console: [Any]
        var log: [[String: Any]]
        var exceptions: [Any]
        var value: Any?
    }

    static func visit(_ page: URL, screenshot: URL, check expression: String) throws -> Visit {
        let result = try runPython(script, [page.path, screenshot.path, expression])
        try #require(result.status == 0, "chromium: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return Visit(requests: object["requests"] as? [String] ?? [],
                     failedRequests: (object["failed_requests"] as? [Any] ?? []).map { "\($0)" },
                     console: object["console"] as? [Any] ?? [],
                     log: object["log"] as? [[String: Any]] ?? [],
                     exceptions: object["exceptions"] as? [Any] ?? [],
                     value: object["value"])
    }

    /// Width and height from a PNG's IHDR chunk, nil when the bytes are not a PNG.
    static func pngSize(_ url: URL) -> (width: Int, height: Int)? {
        guard let data = try? Data(contentsOf: url), data.count > 24,
              data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func be32(_ offset: Int) -> Int { data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    private static let script = #"""
# Usage: PAGE PNG EXPRESSION; prints one JSON object (requests, console, log, exceptions, value).
import base64, json, os, shutil, subprocess, sys, tempfile

page, png, expression = sys.argv[1], sys.argv[2], sys.argv[3]
browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
if not browser:
    sys.exit("chromium is not installed (Debian package chromium; `make setup` installs it)")
to_child_r, to_child_w = os.pipe()
from_child_r, from_child_w = os.pipe()
profile = tempfile.mkdtemp(prefix="medallion-chromium-")

def child_fds():
    # Chromium reads commands on fd 3 and answers on fd 4.
    a, b = os.dup(to_child_r), os.dup(from_child_w)
    os.dup2(a, 3); os.dup2(b, 4)
    os.set_inheritable(3, True); os.set_inheritable(4, True)

proc = subprocess.Popen([browser, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                         "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                         "--disable-extensions", "--disable-background-networking", "--disable-sync",
                         "--disable-component-update", "--hide-scrollbars", "about:blank"],
                        close_fds=False, preexec_fn=child_fds, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
os.close(to_child_r); os.close(from_child_w)
pending, next_id, events = b"", 0, []

def receive():
    global pending
    while b"\0" not in pending:
        chunk = os.read(from_child_r, 1 << 16)
        if not chunk:
            sys.exit("chromium closed the pipe: " + proc.stderr.read().decode(errors="replace")[-2000:])
        pending += chunk
    message, pending = pending.split(b"\0", 1)
    return json.loads(message)

def call(method, params=None, session=None):
    global next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    os.write(to_child_w, json.dumps(message).encode() + b"\0")
    while True:
        answer = receive()
        if answer.get("id") == next_id:
            if "error" in answer:
                sys.exit(f"{method}: {answer['error']}")
            return answer["result"]
        events.append(answer)

try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ["Page.enable", "Network.enable", "Runtime.enable", "Log.enable"]:
        call(domain, session=session)
    call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
    call("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
    call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=session)
    while not any(e.get("method") == "Page.loadEventFired" for e in events):
        events.append(receive())
    # The page must work without JavaScript; the checks run in the inspector's own context.
    call("Emulation.setScriptExecutionDisabled", {"value": False}, session=session)
    value = call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    if "exceptionDetails" in value:
        sys.exit("the check failed to evaluate: " + json.dumps(value["exceptionDetails"]))
    shot = call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
    with open(png, "wb") as out:
        out.write(base64.b64decode(shot["data"]))
    result = {
        "requests": [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"],
        "failed_requests": [e["params"].get("errorText") for e in events if e.get("method") == "Network.loadingFailed"],
        "console": [e["params"] for e in events if e.get("method") == "Runtime.consoleAPICalled"],
        "log": [e["params"]["entry"] for e in events if e.get("method") == "Log.entryAdded"],
        "exceptions": [e["params"] for e in events if e.get("method") == "Runtime.exceptionThrown"],
        "value": value["result"].get("value"),
    }
    print(json.dumps(result))
finally:
    try:
        call("Browser.close")
    except BaseException:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(profile, ignore_errors=True)
"""#
}
