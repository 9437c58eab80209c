import ArgumentParser
import MedallionCore

@main
struct Medallion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medallion",
        abstract: "A single-binary data-lake orchestrator.",
        discussion: """
            Per dataset, an Amazon States Language state machine fetches and hashes the source, \
            skips when nothing changed, and lands ZSTD-compressed Parquet in bronze, silver and \
            gold layers of a local or S3 lake. Manifests and run history live in SQLite.
            """,
        version: MedallionVersion.string,
        subcommands: [ParquetCommand.self]
    )
}
