/// When dictionary encoding is abandoned before the dictionary reaches its size limit.
enum DictionaryHeuristics {
    /// When the dictionary reaches this many entries within fewer than 4/3 as many values
    /// (three in four values new), the column is near-unique: a dictionary would only repeat
    /// the plain data, and probing an ever larger hash table costs cache misses. Falling back
    /// at once, as parquet-mr does after its first page, keeps the table small.
    static let probeValues = 16 * 1024
}
