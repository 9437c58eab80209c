/// The outcome of a successful fetch.
public struct FetchResult: Sendable {
    /// HTTP 304: nothing downloaded, `sha256 == ""` and `bytes == 0`.
    public var notModified: Bool
    /// Lowercase hex SHA-256 of exactly the bytes in the destination file.
    public var sha256: String
    public var bytes: Int64
    public var etag: String?
    public var lastModified: String?

    public init(notModified: Bool, sha256: String, bytes: Int64, etag: String?, lastModified: String?) {
        self.notModified = notModified
        self.sha256 = sha256
        self.bytes = bytes
        self.etag = etag
        self.lastModified = lastModified
    }
}
