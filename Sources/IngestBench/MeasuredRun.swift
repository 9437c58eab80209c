import Foundation

/// One timed run of one tool: wall-clock seconds from launch to exit (process start-up
/// included, as a user pays it) and the peak RSS GNU time reports for it.
struct MeasuredRun {
    let status: Int32
    let seconds: Double
    /// `Maximum resident set size` from `/usr/bin/time -v`, in KiB; nil without GNU time.
    let peakRSSKiB: Int?
    /// stdout and stderr together, for `check` and for saying why a run failed.
    let output: String
    /// The seconds of the part the row compares (`ToolCommand.counted`), when it has one.
    var countedSeconds: Double?

    static let gnuTime = "/usr/bin/time"

    /// Runs `command` in `directory`, under `/usr/bin/time -v` when it is installed. The clock
    /// here, not time's `Elapsed` line, gives the seconds: time prints only hundredths.
    static func run(_ command: ToolCommand, in directory: URL) throws -> MeasuredRun {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-bench-time-\(getpid()).txt")
        try? FileManager.default.removeItem(at: report)
        defer { try? FileManager.default.removeItem(at: report) }
        let timed = FileManager.default.isExecutableFile(atPath: gnuTime)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timed ? gnuTime : command.executable)
        process.arguments = (timed ? ["-v", "-o", report.path, command.executable] : []) + command.arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        // Drained before waiting, or a chatty tool would block on a full pipe and be timed idle.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rss = timed ? (try? String(contentsOf: report, encoding: .utf8)).flatMap(peakRSS(inTimeReport:)) : nil
        return MeasuredRun(status: process.terminationStatus, seconds: seconds, peakRSSKiB: rss,
                           output: String(decoding: data, as: UTF8.self))
    }

    static func peakRSS(inTimeReport report: String) -> Int? {
        let label = "Maximum resident set size (kbytes):"
        guard let line = report.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        return Int(line.replacingOccurrences(of: label, with: "").trimmingCharacters(in: .whitespaces))
    }
}
