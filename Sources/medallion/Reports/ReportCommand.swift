import ArgumentParser
import Foundation
import MedallionCore

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the lake's runs and versions as a static HTML site (index, one page per dataset and per run).",
        discussion: """
            The site is one directory that opens from disk: no server, no JavaScript, nothing \
            fetched. The index lists every dataset with its last status, current version, rows per \
            layer and a chart of rows and duration over its last runs. A run's page shows its flow \
            graph coloured by outcome (laid out by Graphviz's `dot`; without it the page says so), \
            a timeline of its states with retries, rows in and out of every layer, the quality \
            report, the source schema with its changes and the error of a failed run. A dataset's \
            page lists every manifest version (source SHA-256, size, rows, schema changes) and its \
            runs. With no argument, every dataset and the last \(ReportSite.runPagesPerDataset) runs \
            of each are written; with a run id, that run's page (and its dataset's and the index). \
            The default directory is lake/_reports. Prints the page to open.
            """)

    @Argument(help: "A run id (from `medallion runs`): write that run's page.")
    var runId: String?

    @Option(help: "Write this dataset's page and its runs' pages.")
    var dataset: String?

    @Option(name: .shortAndLong, help: "The report directory (default lake/_reports).")
    var output: String?

    @OptionGroup var lakeOptions: LakeOptions

    func validate() throws {
        if runId != nil && dataset != nil { throw ValidationError("give a run id or --dataset, not both") }
    }

    func run() throws {
        let scope: ReportSite.Scope = runId.map { .runs([$0]) } ?? dataset.map { .dataset($0) } ?? .all
        let written: ReportSite.Written
        do {
            written = try ReportSite.write(scope: scope, directory: output, environment: lakeOptions.environment)
        } catch {
            throw Output.fail("\(error)")
        }
        for warning in written.warnings { Output.stderr("warning: \(warning)") }
        Output.stderr("wrote \(written.pages.count) page\(written.pages.count == 1 ? "" : "s") to \(written.directory)")
        Output.stdout(URL(fileURLWithPath: written.directory).appendingPathComponent(written.entry).path)
    }
}
