import Foundation

/// Lays DOT text out as SVG with Graphviz's `dot`, the one external program a picture needs.
public enum GraphvizLayout {
    /// Why no SVG came out.
    public enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case failed(status: Int32, message: String)

        public var description: String {
            switch self {
            case .notInstalled:
                return "Graphviz's `dot` is not installed: `sudo apt-get install graphviz` (Debian/Ubuntu) or "
                    + "`brew install graphviz`, or ask for `--format dot` or `--format mermaid`, which need nothing"
            case .failed(let status, let message):
                return "dot exited with status \(status): \(message)"
            }
        }
    }

    /// The `dot` on PATH, if any.
    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// SVG for `dot` text.
    public static func svg(_ dot: String) throws -> String {
        guard let executable = executable() else { throw Failure.notInstalled }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Write on another thread: a large graph fills the output pipe before its input is read.
        let text = Data(dot.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(text)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.failed(status: process.terminationStatus, message: String(decoding: message, as: UTF8.self))
        }
        return String(decoding: svg, as: UTF8.self)
    }
}
