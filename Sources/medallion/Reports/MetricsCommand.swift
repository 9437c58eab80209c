import ArgumentParser
import Foundation
import MedallionCore

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print the manifest as Prometheus metrics (text exposition format) for node_exporter's textfile collector.",
        discussion: """
            Per dataset: the last run's status (medallion_last_run_status{status=…} 1), start time \
            and duration, the last success time, the current version, rows per layer, quarantined \
            rows, and runs and failures so far. With -o the file is replaced atomically, so a \
            scraper never reads half of it; `medallion run --metrics FILE` refreshes it after runs.
            """)

    @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of stdout.")
    var output: String?

    @OptionGroup var lakeOptions: LakeOptions

    func run() throws {
        do {
            if let output {
                try MetricsExposition.write(to: output, environment: lakeOptions.environment)
            } else {
                FileHandle.standardOutput.write(Data(try MetricsExposition.text(environment: lakeOptions.environment).utf8))
            }
        } catch {
            throw Output.fail("\(error)")
        }
    }
}
