import Foundation

/// A Python server process on 127.0.0.1 that the test starts and stops.
///
/// The script must bind port 0 and print the chosen port as its first stdout line.
public final class PythonServer: @unchecked Sendable {
    public let port: Int
    private let process: Process

    public init(script: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.python)
        process.arguments = ["-u", "-c", script] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Plain read(2): FileHandle's buffered reads can wait for more than one line.
        var line = Data()
        let fd = out.fileHandleForReading.fileDescriptor
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            process.terminate()
            throw ServerError.noPort(String(decoding: line, as: UTF8.self))
        }
        self.port = port
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        if process.isRunning {
            // SIGKILL: the child inherits a signal mask from the test runner under which
            // SIGTERM can stay pending forever.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    public enum ServerError: Error { case noPort(String) }

    /// Serves the files of `directory` over HTTP/1.1 on a random loopback port.
    public static func staticFiles(_ directory: URL) throws -> PythonServer {
        try PythonServer(script: """
            import functools, http.server, sys
            class Quiet(http.server.SimpleHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def __init__(self, *a, **k): super().__init__(*a, directory=sys.argv[1], **k)
                def log_message(self, *a): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, arguments: [directory.path])
    }
}
