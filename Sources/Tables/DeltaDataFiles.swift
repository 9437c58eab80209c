import Foundation
import Lake
import Parquet

/// The `add` actions for a published partition: every `.parquet` file under it, with its size,
/// modification time and statistics read from its footer (two ranged reads per file, so an S3
/// lake is not downloaded).
public enum DeltaDataFiles {
    /// Tail bytes fetched first; most footers fit, larger ones take one more read.
    static let tailGuess: Int64 = 64 << 10

    /// The files under `partition` (a key inside the table root `table`), paths relative to the
    /// root, and their common schema. Throws when there is none, when a file is not Parquet, or
    /// when two files disagree on the schema.
    public static func collect(in table: DeltaTable, partition: String) async throws -> (files: [DeltaAddFile], schema: DeltaSchema) {
        let rootPrefix = table.key + "/"
        guard partition.hasPrefix(rootPrefix) else {
            throw DeltaError.badDataFile(table: table.uri, path: partition, reason: "the partition is not inside the table")
        }
        var files: [DeltaAddFile] = []
        var schema: DeltaSchema?
        for object in try await table.store.list(prefix: partition + "/") where object.key.hasSuffix(".parquet") {
            let relative = String(object.key.dropFirst(rootPrefix.count))
            let footer: ParquetFooter
            do {
                footer = try await readFooter(object, store: table.store)
            } catch let error as DeltaError {
                throw error
            } catch {
                throw DeltaError.badDataFile(table: table.uri, path: relative, reason: "\(error)")
            }
            let fileSchema = try DeltaSchema(footer.schema, table: table.uri)
            if let schema, schema != fileSchema {
                throw DeltaError.badDataFile(table: table.uri, path: relative, reason: "its schema differs from the partition's other files")
            }
            schema = fileSchema
            let modified = Int64(((object.lastModified ?? Date()).timeIntervalSince1970 * 1000).rounded(.down))
            files.append(DeltaAddFile(path: relative, size: object.size, modificationTime: modified,
                                      stats: try DeltaFileStatistics(footer: footer).encoded()))
        }
        guard let schema else {
            throw DeltaError.badDataFile(table: table.uri, path: String(partition.dropFirst(rootPrefix.count)),
                                         reason: "no Parquet file in the partition")
        }
        return (files, schema)
    }

    /// The footer of `object`, in one or two ranged reads.
    public static func readFooter(_ object: ObjectInfo, store: any ObjectStore) async throws -> ParquetFooter {
        let size = object.size
        guard size >= 12 else { throw ParquetError.badMagic }
        let tailStart = max(0, size - tailGuess)
        var tail = try await store.get(key: object.key, range: tailStart..<size)
        let length = try ParquetFooter.length(trailer: Array(tail.suffix(8)), fileSize: size)
        if Int64(length) + 8 > Int64(tail.count) {
            tail = try await store.get(key: object.key, range: (size - 8 - Int64(length))..<size)
        }
        return try ParquetFooter(bytes: Array(tail.suffix(length + 8).prefix(length)))
    }
}
