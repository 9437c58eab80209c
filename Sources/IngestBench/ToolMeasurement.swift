/// What one tool did over a row's runs: every run's seconds, or why it has no figure.
struct ToolMeasurement {
    let command: ToolCommand
    var runs: [MeasuredRun] = []
    /// Not installed, failed, or did not do the work: shown in place of its figures.
    var problem: String?
    var outputBytes: Int?

    init(command: ToolCommand) {
        self.command = command
        problem = command.unavailable
    }

    var tool: String { command.tool }

    /// The median over runs: the middle one is the least disturbed by a neighbour's burst in
    /// either direction (the best of N flatters whoever got a quiet moment).
    /// Of the part the row compares when the command names one (`ToolCommand.counted`), else
    /// of the whole process.
    var medianSeconds: Double? {
        guard problem == nil, !runs.isEmpty else { return nil }
        return Self.median(runs.map { $0.countedSeconds ?? $0.seconds })
    }

    /// The median of the whole process's seconds, whatever the row compares.
    var medianWallSeconds: Double? {
        guard problem == nil, !runs.isEmpty else { return nil }
        return Self.median(runs.map(\.seconds))
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The highest peak over runs: a memory bound has to hold on every run, not on a typical one.
    var peakRSSBytes: Int? {
        let peaks = runs.compactMap(\.peakRSSKiB)
        return peaks.isEmpty ? nil : (peaks.max() ?? 0) * 1024
    }

    /// Every run's seconds, for the lines under the table.
    var secondsList: String {
        let wall = runs.map { String(format: "%.2f", $0.seconds) }.joined(separator: " / ")
        guard let counted = command.counted else { return wall }
        let parts = runs.map { String(format: "%.3f", $0.countedSeconds ?? .nan) }.joined(separator: " / ")
        return "\(counted.name) \(parts), whole process \(wall)"
    }
}
