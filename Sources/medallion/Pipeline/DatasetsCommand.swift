import ArgumentParser
import Foundation
import MedallionCore

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the datasets declared in datasets/ with their last run status.")

    @Flag(help: "JSON on stdout.")
    var json = false

    @OptionGroup var lakeOptions: LakeOptions

    func run() throws {
        let rows: [DatasetView]
        do {
            rows = try ManifestReport.datasets(environment: lakeOptions.environment)
        } catch {
            throw Output.fail("\(error)")
        }
        if json {
            Output.stdout(Output.json(rows, pretty: true))
            return
        }
        Output.stdout(Output.table(["DATASET", "FORMAT", "LAST STATUS", "LAST RUN", "VERSION", "SOURCE"], rows.map { row in
            [row.dataset, row.format ?? "-", row.last_status ?? (row.error == nil ? "never run" : "invalid"),
             row.last_run_id ?? "-", row.version.map(String.init) ?? "-", row.error ?? row.source_url ?? ""]
        }))
    }
}
