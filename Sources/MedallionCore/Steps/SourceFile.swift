/// One file of a many-file source as FetchAndHash hands it on: where it came from, what it
/// hashed to and where its raw copy is. Bronze lands it as one part file; UpdateManifest
/// records it (with Bronze's row count) as a row of the version's file list.
struct SourceFile: Codable, Sendable, Equatable {
    /// The file's URL, redacted.
    var url: String
    var sha256: String?
    var bytes: Int64?
    /// The raw copy this run reads (landed by this run or an earlier one with the same bytes).
    var rawKey: String?
    var rawURI: String?
    /// Rows of an earlier version's Bronze, when this run reuses it (Gold-only runs).
    var rows: Int64?
    /// Why the file was left out (`on_file_error: "skip"`).
    var error: String?

    enum CodingKeys: String, CodingKey {
        case url, sha256, bytes, rows, error
        case rawKey = "raw_key"
        case rawURI = "raw_uri"
    }
}
