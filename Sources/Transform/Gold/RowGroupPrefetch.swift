import Parquet

/// Decodes one row group on a `DedicatedThread`, so the next row group is being read while the
/// caller aggregates the current one.
///
/// `readRowGroupCoded` may run on several threads at once over one reader (each call has its
/// own decompression context); the caller reads the result only after `columns()` has waited
/// for it, and waits for every prefetch it started before the reader goes away.
final class RowGroupPrefetch {
    private let pending: PendingResult<[DecodedColumn]>

    init(_ reader: ParquetFileReader, group: Int, columns: [String]) {
        pending = DedicatedThread.pending(name: "medallion-gold-read") {
            try reader.readRowGroupCoded(group, columns: columns)
        }
    }

    /// The decoded row group, once ready.
    func columns() throws -> [DecodedColumn] {
        try pending.wait()
    }
}
