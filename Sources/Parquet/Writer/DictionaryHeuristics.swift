/// When dictionary encoding is abandoned before the dictionary reaches its size limit.
enum DictionaryHeuristics {
    /// When the dictionary reaches this many entries within fewer than 4/3 as many values
    /// (three in four values new), the column is near-unique: a dictionary would only repeat
    /// the plain data, and probing an ever larger hash table costs cache misses. Falling back
    /// at once, as parquet-mr does after its first page, keeps the table small.
    static let probeValues = 16 * 1024

    /// Whether a chunk starts dictionary-encoded after `streak` chunks in a row of the same
    /// column fell back as near-unique. A column near-unique in one row group almost always
    /// is in the next, and probing costs a growing hash table's cache misses on every value
    /// until the fallback (about 8% of a Bronze run's CPU on NSDE's three key-like columns),
    /// so such a column starts PLAIN; every `reprobeChunks`-th chunk probes again, so a
    /// column whose values start repeating gets its dictionary back.
    static func startsWithDictionary(afterNearUniqueChunks streak: Int) -> Bool {
        streak == 0 || streak % reprobeChunks == 0
    }

    /// See `startsWithDictionary(afterNearUniqueChunks:)`.
    static let reprobeChunks = 8
}
