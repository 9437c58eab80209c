import ArgumentParser
import Foundation
import MedallionCore

@main
struct Medallion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medallion",
        abstract: "A single-binary data-lake orchestrator.",
        discussion: """
            Per dataset, an Amazon States Language state machine fetches and hashes the source, \
            skips when nothing changed, and lands ZSTD-compressed Parquet in a local or S3 lake: \
            Bronze (the source as text, with lineage) and Silver (typed, trimmed, checked against \
            the dataset's expectations, de-duplicated; rejected rows quarantined) and Gold (the \
            tables declared under gold: filters, joins, aggregates, exact medians), each layer \
            rebuilt only when its own settings or inputs changed. Manifests, quality reports and \
            run history live in SQLite; a killed run shows as interrupted and `resume` finishes it.

            Exit codes: 0 success (a skip is a success), 1 a run or execution failed, \
            2 bad usage, bad config, invalid definition, or dataset busy.
            """,
        version: MedallionVersion.string,
        subcommands: [
            RunCommand.self, ManifestCommand.self, RunsCommand.self, HistoryCommand.self,
            ResumeCommand.self, DatasetsCommand.self, ValidateCommand.self, TaskCommand.self, SfnCommand.self,
            ParquetCommand.self, GraphCommand.self, ReportCommand.self, MetricsCommand.self,
            CatalogCommand.self, RollbackCommand.self, VacuumCommand.self, LambdaCommand.self, ExportCommand.self,
        ]
    )

    /// ArgumentParser exits 64 on usage errors; Medallion's contract says 2 (DESIGN.md).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
