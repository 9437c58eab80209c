/// The page compression codec the writer uses.
public enum ParquetCompression: Sendable, Equatable {
    case uncompressed
    /// ZSTD at the given level (1...22; 3 is zstd's and Arrow's default).
    case zstd(level: Int)
}
