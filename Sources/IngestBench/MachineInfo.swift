import Foundation

/// The lines above the table: when, on what machine and against which tool versions the
/// figures were taken (a shared 2-core VM reads very differently from a quiet workstation).
enum MachineInfo {
    static func lines(settings: BenchSettings, medallionVersion: String?, modules: [String: String?]) -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        let cpu = procLine("/proc/cpuinfo", key: "model name") ?? "unknown CPU"
        let memory = procLine("/proc/meminfo", key: "MemTotal").map { "\($0) RAM" } ?? "unknown RAM"
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        let versions = modules.sorted { $0.key < $1.key }.map { name, version in "\(name) \(version ?? "not installed")" }
        return [
            "date: \(formatter.string(from: Date())) UTC",
            "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \(memory), load average at start \(load)",
            "tools: medallion \(medallionVersion ?? "?"), \(versions.joined(separator: ", ")), peak RSS from \(FileManager.default.isExecutableFile(atPath: MeasuredRun.gnuTime) ? "/usr/bin/time -v" : "nowhere (/usr/bin/time missing: apt-get install time)")",
            "method: median of \(settings.runs) runs per tool, tools alternating (A B C A B C …); one untimed read of the input first; seconds from launch to exit (Python start-up counts for the peers as process start-up does for medallion)",
        ]
    }

    /// The value after "key:" on the first line of a /proc file that starts with the key.
    private static func procLine(_ path: String, key: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
              let colon = line.firstIndex(of: ":") else { return nil }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
