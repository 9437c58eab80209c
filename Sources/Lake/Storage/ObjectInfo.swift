import Foundation

/// Metadata of one stored object.
public struct ObjectInfo: Sendable, Equatable {
    /// The key relative to the store's root (no leading slash).
    public var key: String
    public var size: Int64
    /// The backend's entity tag, quotes removed (nil for local files).
    public var etag: String?
    public var lastModified: Date?

    public init(key: String, size: Int64, etag: String?, lastModified: Date?) {
        self.key = key
        self.size = size
        self.etag = etag
        self.lastModified = lastModified
    }
}
