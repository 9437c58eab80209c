/// Validators from a previous fetch; a server that still has the same content answers 304.
public struct ConditionalRequest: Sendable {
    public var etag: String?
    public var lastModified: String?

    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }
}
