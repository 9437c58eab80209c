import Foundation

/// The one table `make bench` prints (Markdown, so README can take it as it is), and under it
/// every run's seconds and the exact commands.
enum ResultTable {
    static let header = ["Comparison", "medallion", "peers", "medallion ÷ best peer", "peak RSS (max of runs)",
                         "output vs DuckDB", "issue 15 targets"]

    static func markdown(_ results: [RowResult]) -> [String] {
        let rows = [header] + results.map(cells)
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        return [line(rows[0]), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
            + rows.dropFirst().map(line)
    }

    private static func cells(_ result: RowResult) -> [String] {
        let row = result.row
        if let notRun = row.notRun { return [row.title, notRun, "—", "—", "—", "—", row.targets.map(\.text).joined(separator: ", ")] }
        let ratio = result.ratio.map { String(format: "**%.2f×** vs %@", $0, result.bestPeer?.tool ?? "?") } ?? "—"
        let tools = [result.medallion] + result.peers
        let memory = tools.compactMap { tool in tool.peakRSSBytes.map { "\(tool.tool) \(megabytes($0))" } }
        return [row.title,
                figure(result.medallion, inputBytes: row.inputBytes),
                result.peers.map { "\($0.tool) \(figure($0, inputBytes: row.inputBytes))" }.joined(separator: "; "),
                ratio,
                memory.isEmpty ? "n/a" : memory.joined(separator: "; "),
                outputCell(result),
                row.targets.map { $0.verdict(for: result) }.joined(separator: ", ")]
    }

    /// "3.61 s · 67.7 MB/s", or why there is no figure.
    private static func figure(_ tool: ToolMeasurement, inputBytes: Int?) -> String {
        if let problem = tool.problem { return problem.count > 60 ? String(problem.prefix(57)) + "…" : problem }
        guard let seconds = tool.medianSeconds else { return "no run" }
        if let counted = tool.command.counted, let wall = tool.medianWallSeconds {
            return String(format: "%.3f s %@ (process %.2f s)", seconds, counted.name, wall)
        }
        guard let inputBytes, seconds > 0 else { return String(format: "%.2f s", seconds) }
        return String(format: "%.2f s · %.0f MB/s", seconds, Double(inputBytes) / seconds / 1e6)
    }

    private static func outputCell(_ result: RowResult) -> String {
        guard result.row.sizeReference != nil else { return "—" }
        guard let ratio = result.sizeRatio, let ours = result.medallion.outputBytes,
              let theirs = result.sizeReference?.outputBytes else { return "?" }
        return String(format: "%.2f× (%@ vs %@)", ratio, megabytes(ours), megabytes(theirs))
    }

    /// Whole MB where that is precise enough, kB for the small Gold tables.
    static func megabytes(_ bytes: Int) -> String {
        if bytes >= 10_000_000 { return String(format: "%.0f MB", Double(bytes) / 1e6) }
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1e6) }
        return String(format: "%.0f kB", Double(bytes) / 1e3)
    }

    /// The issue's other memory bound: the 1 GB file's peak within 10% of the 245 MB file's.
    static func memoryGrowth(small: RowResult, large: RowResult) -> String? {
        guard let smallPeak = small.medallion.peakRSSBytes, let largePeak = large.medallion.peakRSSBytes, smallPeak > 0 else { return nil }
        let growth = Double(largePeak) / Double(smallPeak)
        return String(format: "medallion's peak RSS on the larger file is %.2f× its peak on the smaller (issue 15: ≤ 1.10×) %@",
                      growth, growth <= 1.1 ? "✓" : "✗")
    }

    /// Every run's seconds and every command, so a figure can be checked and re-taken.
    static func notes(_ results: [RowResult], workspace: String, settings: BenchSettings) -> [String] {
        var lines = ["", "Runs, seconds in the order taken:"]
        for result in results where result.row.notRun == nil {
            let tools = ([result.medallion] + result.peers).map { "\($0.tool) \($0.runs.isEmpty ? "—" : $0.secondsList)" }
            lines.append("- \(result.row.title): \(tools.joined(separator: "; "))")
            for tool in [result.medallion] + result.peers {
                if let problem = tool.problem, tool.command.unavailable == nil { lines.append("  \(tool.tool): \(problem)") }
            }
        }
        lines += ["", "Commands, run in \(workspace) with medallion = \(settings.medallion), python = \(settings.python),",
                  "each under /usr/bin/time -v:"]
        for result in results {
            lines.append("- \(result.row.title):")
            if let setUp = result.row.setUpNote { lines.append("    once first: \(setUp)") }
            for command in [result.row.medallion] + result.row.peers {
                lines.append("    \(command.display)")
                if let preparation = command.preparation { lines.append("      (before each run: \(preparation))") }
            }
        }
        return lines
    }
}
