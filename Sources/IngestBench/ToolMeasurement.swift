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
    var medianSeconds: Double? {
        guard problem == nil, !runs.isEmpty else { return nil }
        let sorted = runs.map(\.seconds).sorted()
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
        runs.map { String(format: "%.2f", $0.seconds) }.joined(separator: " / ")
    }
}
