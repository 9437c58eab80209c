import Parquet

/// One table `medallion catalog` registers: a dataset's current Bronze run, Silver table or
/// Gold table, with the data files of its current version.
public struct CatalogTable: Sendable, Equatable {
    /// `bronze_<dataset>`, `silver_<dataset>`, `gold_<dataset>_<table>` (`-` becomes `_`, so
    /// every name is a plain SQL identifier).
    public var name: String
    /// Where an engine that reads Delta finds the table: the table root for Silver and Gold
    /// (nil for Bronze, which is plain Parquet).
    public var deltaRoot: String?
    /// The Delta version the manifest's current version names (nil for Bronze).
    public var deltaVersion: Int64?
    /// The data files of the current version, as engines address them (local paths, s3:// URIs).
    public var files: [String]
    /// The columns, from the first file's footer.
    public var columns: [ParquetColumn]

    /// The directories holding `files`, in order (one for every table medallion writes).
    public var directories: [String] {
        var seen = Set<String>()
        return files.compactMap { file in
            guard let slash = file.lastIndex(of: "/") else { return nil }
            let directory = String(file[..<slash])
            return seen.insert(directory).inserted ? directory : nil
        }
    }

    /// The SQL name of a table of `dataset`.
    static func name(layer: String, dataset: String, table: String? = nil) -> String {
        ([layer, dataset] + (table.map { [$0] } ?? [])).joined(separator: "_").replacingOccurrences(of: "-", with: "_")
    }
}
