/// One file of a many-file source in one manifest version (`manifest <dataset> --files`).
public struct SourceFileRecord: Sendable, Codable, Equatable {
    /// 0-based place in the run's file order (its Bronze part is the n-th of the partition).
    public var position: Int
    /// The file's URL, redacted (no user-info or secrets).
    public var url: String
    /// Nil for a file left out with `on_file_error: "skip"`.
    public var sha256: String?
    public var bytes: Int64?
    /// Bronze rows landed from the file.
    public var rows: Int64?
    /// The raw copy the version read.
    public var rawURI: String?
    /// Why the file was left out.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case position, url, sha256, bytes, rows, error
        case rawURI = "raw_uri"
    }

    public init(position: Int, url: String, sha256: String?, bytes: Int64?, rows: Int64?, rawURI: String?, error: String?) {
        self.position = position
        self.url = url
        self.sha256 = sha256
        self.bytes = bytes
        self.rows = rows
        self.rawURI = rawURI
        self.error = error
    }
}
