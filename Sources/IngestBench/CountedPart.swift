import Foundation

/// The part of a run a row compares, when that is not the whole process: the Gold row sets
/// medallion's Gold state (read from the run's execution history) against DuckDB's queries
/// timed inside the Python script, so neither side's start-up, imports or source hashing
/// weighs on the ratio. The whole processes' seconds and peak RSS stay in the report.
struct CountedPart {
    /// What the seconds are, for the table: "Gold state", "queries in process".
    let name: String
    /// Reads the seconds from a finished run; throws `BenchFailure` saying why it cannot.
    let seconds: (MeasuredRun) throws -> Double

    /// The seconds between the `TaskStarted` and `TaskSucceeded` events of `state` in the
    /// history of the run whose `--json` summary is in the run's output: `medallion history
    /// <run_id> --lake <lake> --json`, run in `directory`.
    static func medallionState(_ state: String, medallion: String, lake: String, directory: URL) -> CountedPart {
        CountedPart(name: "\(state) state") { run in
            let summary = run.output.split(separator: "\n").first { $0.hasPrefix("{") }
            guard let summary, let object = try? JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any],
                  let runId = object["run_id"] as? String else {
                throw BenchFailure("no run_id in the run's --json output: \(run.output.prefix(300))")
            }
            let history = try capture(medallion, ["history", runId, "--lake", lake, "--json"], in: directory)
            guard let events = try? JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]] else {
                throw BenchFailure("medallion history \(runId) --json printed no event list: \(history.prefix(300))")
            }
            func time(of type: String) throws -> Date {
                let event = events.last { $0["state_name"] as? String == state && $0["type"] as? String == type }
                guard let text = event?["timestamp"] as? String, let date = timestamp(text) else {
                    throw BenchFailure("run \(runId) has no \(type) event for state \(state)")
                }
                return date
            }
            return try time(of: "TaskSucceeded").timeIntervalSince(try time(of: "TaskStarted"))
        }
    }

    /// The seconds a peer script printed as `<label>=<seconds>` on a line of its own.
    static func printed(_ label: String, name: String) -> CountedPart {
        CountedPart(name: name) { run in
            let line = run.output.split(separator: "\n").last { $0.hasPrefix("\(label)=") }
            guard let line, let seconds = Double(line.dropFirst(label.count + 1)) else {
                throw BenchFailure("the script printed no \(label)=<seconds> line: \(run.output.prefix(300))")
            }
            return seconds
        }
    }

    private static func timestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// stdout of `executable arguments` run in `directory`; throws on a non-zero exit.
    private static func capture(_ executable: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
