import ArgumentParser
import Parquet

/// `medallion parquet meta FILE [--json]`
struct ParquetMetaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta",
        abstract: "Print row groups, column chunks (sizes, encodings, compression, statistics) and key/value metadata."
    )

    @Argument(help: "The Parquet file.")
    var file: String

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    func run() throws {
        let metadata = try ParquetFailure.wrap { try ParquetFileReader.readMetadata(path: file) }
        print(json ? ParquetInspection.metaJSON(metadata) : ParquetInspection.metaText(metadata))
    }
}
