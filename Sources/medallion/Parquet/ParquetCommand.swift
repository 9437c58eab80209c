import ArgumentParser

/// `medallion parquet …`: inspect Parquet files (like parquet-tools).
struct ParquetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Inspect Parquet files: schema, footer metadata and rows.",
        subcommands: [ParquetSchemaCommand.self, ParquetMetaCommand.self, ParquetCatCommand.self]
    )
}
