import Foundation

/// Where finished log lines go: stderr in the CLI, a buffer in tests. Whole lines are written
/// under a lock so concurrent loggers never interleave within a line.
final class LogOutput: @unchecked Sendable {
    private let lock = NSLock()
    private let write: (String) -> Void
    /// On a terminal a progress bar may be drawn on the current line; a log line clears it first.
    let clearsLine: Bool

    init(clearsLine: Bool = false, write: @escaping (String) -> Void) {
        self.clearsLine = clearsLine
        self.write = write
    }

    static let standardError = LogOutput(clearsLine: isatty(STDERR_FILENO) == 1) { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    func emit(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        write((clearsLine ? "\r\u{1B}[K" : "") + line + "\n")
    }
}
