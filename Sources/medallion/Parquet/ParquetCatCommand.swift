import ArgumentParser
import Foundation
import Parquet

/// `medallion parquet cat FILE [--columns a,b] [--limit N]`
struct ParquetCatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print rows as NDJSON (DATE as YYYY-MM-DD, TIMESTAMP as RFC 3339 UTC, null as null)."
    )

    @Argument(help: "The Parquet file.")
    var file: String

    @Option(name: .long, help: "Comma-separated columns to print, in this order (default: all).")
    var columns: String?

    @Option(name: .long, help: "Print at most this many rows.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be zero or more") }
    }

    func run() throws {
        try ParquetFailure.wrap {
            let reader = try ParquetFileReader(path: file)
            let projection = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            let schema = try reader.schema(columns: projection)
            var remaining = limit ?? Int.max
            var group = 0
            while remaining > 0 && group < reader.rowGroupCount {
                let batch = try reader.readRowGroup(group, columns: projection)
                let rows = min(batch.rowCount, remaining)
                var text = ""
                ParquetInspection.appendNDJSON(batch, schema: schema, rows: 0..<rows, to: &text)
                FileHandle.standardOutput.write(Data(text.utf8))
                remaining -= rows
                group += 1
            }
        }
    }
}
