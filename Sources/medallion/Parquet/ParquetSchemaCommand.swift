import ArgumentParser
import Parquet

/// `medallion parquet schema FILE`
struct ParquetSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print each column's name, physical and logical type, and repetition."
    )

    @Argument(help: "The Parquet file.")
    var file: String

    func run() throws {
        let metadata = try ParquetFailure.wrap { try ParquetFileReader.readMetadata(path: file) }
        print(ParquetInspection.schemaText(metadata))
    }
}
