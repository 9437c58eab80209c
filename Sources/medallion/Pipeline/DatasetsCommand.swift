import ArgumentParser
import Foundation
import MedallionCore

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the datasets declared in datasets/ with their last run status.",
        discussion: "NEXT DUE is when `run --due` next runs a dataset with a `schedule` (UTC). STALE GOLD names Gold tables built from another dataset's Silver that has a newer version since; the dataset's next run rebuilds just those tables. Opens the manifest read-only: works on a read-only manifest in a read-only directory.")

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
        Output.stdout(Output.table(["DATASET", "FORMAT", "PRIORITY", "LAST STATUS", "LAST RUN", "VERSION", "NEXT DUE", "STALE GOLD", "SOURCE"],
                                   rows.map { row in
            [row.dataset, row.format ?? "-", row.priority ?? "-", row.lastStatus ?? (row.error == nil ? "never run" : "invalid"),
             row.lastRunId ?? "-", row.version.map(String.init) ?? "-", Self.nextDue(row), Self.stale(row.stale),
             row.error ?? row.sourceURL ?? ""]
        }))
    }

    /// `due now`, the next due time, or `-` without a schedule.
    static func nextDue(_ row: DatasetView) -> String {
        guard let due = row.due else { return "-" }
        return due ? "due now" : row.nextDue ?? "never"
    }

    /// `claims_by_product (nsde changed)`, or `-`.
    static func stale(_ tables: [String: [String]]?) -> String {
        guard let tables, !tables.isEmpty else { return "-" }
        return tables.keys.sorted().map { "\($0) (\(tables[$0, default: []].joined(separator: ", ")) changed)" }.joined(separator: "; ")
    }
}
