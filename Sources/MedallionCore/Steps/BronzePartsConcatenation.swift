import Foundation
import Parquet

/// Silver reads Bronze as one Parquet file, row group by row group. A many-file source's
/// Bronze partition has a part per file, so Silver first copies the parts, in order, into one
/// scratch file: a row group at a time (memory stays one row group), small groups merged into
/// 16 MB ones as Bronze writes them. Every part has the same schema (Bronze checks columns).
enum BronzePartsConcatenation {
    static func concatenate(_ paths: [String], into file: URL) throws {
        guard let first = paths.first else { return }
        let schema = try ParquetFileReader(path: first).schema
        var options = ParquetWriterOptions()
        options.rowGroupSize = 16 << 20
        // A scratch copy read once: the cheapest zstd level keeps it small without costing time.
        options.compression = .zstd(level: 1)
        WideSchemaWriting.adjust(&options, columns: schema.columns.count)
        let writer = try ParquetWriter(sink: try FileOutputSink(path: file.path), schema: schema, options: options)
        for path in paths {
            let reader = try ParquetFileReader(path: path)
            for group in 0..<reader.rowGroupCount {
                try writer.write(try reader.readRowGroup(group))
            }
        }
        _ = try writer.close()
    }
}
