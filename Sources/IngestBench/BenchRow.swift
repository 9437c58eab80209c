import Foundation

/// One comparison in the table: medallion against its peers on the same input, and how the
/// runs are taken.
struct BenchRow {
    let title: String
    /// Bytes of input the row reads, for MB/s; nil where seconds say more (Gold reads Silver).
    let inputBytes: Int?
    let medallion: ToolCommand
    let peers: [ToolCommand]
    let targets: [RowTarget]
    /// Read once, untimed, before the first run: caches cannot be dropped without root, so
    /// the first tool would otherwise be the only one paying a cold read.
    var warmUp: [URL] = []
    /// Untimed, once before the runs (the skip row needs an ingestion to skip).
    var setUp: () throws -> Void = {}
    /// `setUp` in words, for the commands under the table.
    var setUpNote: String?
    /// Why the row was left out (`BENCH_LARGE=0`); the table still shows it, saying so.
    var notRun: String?
    /// The peer whose output bytes medallion's are compared with.
    var sizeReference: String?

    /// `runs` rounds of medallion, then each peer in turn (A B C A B C …, never A A A B B B),
    /// so a slow spell on the shared machine lands on every tool rather than on one.
    func measure(runs: Int, in directory: URL, progress: (String) -> Void) throws -> RowResult {
        var measurements = ([medallion] + peers).map(ToolMeasurement.init(command:))
        guard notRun == nil else { return RowResult(row: self, medallion: measurements[0], peers: Array(measurements.dropFirst())) }
        try setUp()
        for file in warmUp { try InputFiles.readThrough(file) }
        for round in 1...runs {
            for index in measurements.indices where measurements[index].problem == nil {
                let command = measurements[index].command
                try command.prepare()
                // What the previous run wrote (or a removed lake) is written back before the clock
                // starts, so no tool pays for another's write-back.
                sync()
                var run = try MeasuredRun.run(command, in: directory)
                if run.status != 0 {
                    measurements[index].problem = "failed (exit \(run.status)): \(Self.firstLines(of: run.output))"
                } else if let wrong = command.check(run.output) {
                    measurements[index].problem = wrong
                } else {
                    do {
                        run.countedSeconds = try command.counted?.seconds(run)
                        measurements[index].runs.append(run)
                    } catch {
                        measurements[index].problem = "\(error)"
                    }
                }
                let counted = run.countedSeconds.map { String(format: " (%@ %.3f s)", command.counted?.name ?? "", $0) } ?? ""
                progress(String(format: "%@ run %d/%d %@: %.2f s%@%@", title, round, runs, command.tool, run.seconds, counted,
                                measurements[index].problem.map { " — \($0)" } ?? ""))
            }
        }
        for index in measurements.indices where measurements[index].problem == nil {
            measurements[index].outputBytes = measurements[index].command.outputBytes()
        }
        return RowResult(row: self, medallion: measurements[0], peers: Array(measurements.dropFirst()))
    }

    private static func firstLines(of output: String) -> String {
        output.split(separator: "\n").prefix(3).joined(separator: " | ").prefix(300).description
    }
}
