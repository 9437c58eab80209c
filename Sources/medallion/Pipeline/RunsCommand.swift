import ArgumentParser
import Foundation
import Manifest
import MedallionCore

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List runs, newest first, with status and duration.",
        discussion: "Opens the manifest read-only: works on a read-only manifest in a read-only directory.")

    @Option(help: "Only runs of this dataset.")
    var dataset: String?

    @Option(help: "At most this many runs.")
    var limit: Int = 20

    @Flag(help: "JSON on stdout.")
    var json = false

    @OptionGroup var lakeOptions: LakeOptions

    func run() throws {
        let runs: [RunView]
        do {
            runs = try ManifestReport.runs(environment: lakeOptions.environment, dataset: dataset, limit: limit)
        } catch {
            throw Output.fail("\(error)")
        }
        if json {
            Output.stdout(Output.json(runs, pretty: true))
            return
        }
        if runs.isEmpty {
            Output.stderr("no runs yet")
            return
        }
        Output.stdout(Output.table(["RUN", "DATASET", "STATUS", "FORCED", "STARTED", "DURATION", "ERROR"], runs.map { run in
            [run.runId, run.dataset, run.status, run.forced ? "yes" : "", run.startedAt,
             Output.seconds(run.durationSeconds), run.error ?? ""]
        }))
    }
}
