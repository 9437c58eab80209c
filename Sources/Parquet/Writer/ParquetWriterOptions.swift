/// Tuning knobs for `ParquetWriter`.
public struct ParquetWriterOptions: Sendable {
    /// Page codec; default ZSTD level 3.
    public var compression: ParquetCompression
    /// Key/value pairs for the footer (e.g. run id); written sorted by key.
    public var keyValueMetadata: [String: String]
    /// Dictionary-encode string and fixed-width columns until the dictionary grows too large.
    public var dictionaryEnabled: Bool
    /// Plain-encoded dictionary size (bytes) beyond which a column chunk falls back to PLAIN.
    public var dictionaryPageSizeLimit: Int
    /// Target size (bytes, before compression) of one data page.
    public var dataPageSize: Int
    /// Target size (bytes, uncompressed) of one row group; bounds the writer's memory.
    public var rowGroupSize: Int
    /// Data page format. v1 (the default) is what every reader understands, Spark 2, Hive
    /// and Athena engine 2 included; v2 leaves levels uncompressed and stores a page raw when
    /// compression would not shrink it.
    public var dataPageVersion: ParquetDataPageVersion
    /// Threads that encode and compress columns side by side (columns are independent within
    /// a row group). 1 (the default) encodes on the calling thread only. The file's bytes
    /// are the same whatever the count.
    public var encodingThreads: Int

    public init() {
        compression = .zstd(level: 3)
        keyValueMetadata = [:]
        dictionaryEnabled = true
        dictionaryPageSizeLimit = 1 << 20
        dataPageSize = 1 << 20
        rowGroupSize = 128 << 20
        dataPageVersion = .v1
        encodingThreads = 1
    }
}

/// The data page header a writer emits (parquet.thrift `DataPageHeader` or `DataPageHeaderV2`).
public enum ParquetDataPageVersion: String, Sendable, CaseIterable {
    case v1
    case v2
}
