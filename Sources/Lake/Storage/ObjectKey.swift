/// Validation of object keys: nothing a caller passes may name a path outside the root.
///
/// Every `ObjectStore` operation checks its keys with these rules; callers that build paths
/// from keys themselves (a step reading a local lake in place) check them here first.
public enum ObjectKey {
    /// A key: relative, `/`-separated, no empty, `.` or `..` segments, no NUL or backslash.
    /// Throws `StorageError.invalidKey` saying which rule the key breaks.
    public static func validate(_ key: String) throws {
        try validatePath(key, allowEmpty: false, allowTrailingSlash: false)
    }

    /// A list prefix: like a key, but may be empty or end with `/`. A prefix may end in a
    /// partial name (`raw/ds/ingest_date=2026`), so only whole segments are checked.
    public static func validatePrefix(_ prefix: String) throws {
        try validatePath(prefix, allowEmpty: true, allowTrailingSlash: true)
    }

    /// A file name inside a published partition: one segment.
    public static func validateName(_ name: String) throws {
        try validate(name)
        if name.contains("/") { throw StorageError.invalidKey(name, reason: "a partition file name cannot contain '/'") }
    }

    private static func validatePath(_ key: String, allowEmpty: Bool, allowTrailingSlash: Bool) throws {
        if key.isEmpty {
            if allowEmpty { return }
            throw StorageError.invalidKey(key, reason: "empty key")
        }
        if key.utf8.contains(0) { throw StorageError.invalidKey(key, reason: "contains a NUL byte") }
        if key.contains("\\") { throw StorageError.invalidKey(key, reason: "contains a backslash") }
        if key.hasPrefix("/") { throw StorageError.invalidKey(key, reason: "absolute paths are not keys") }
        if key.utf8.count > 1024 { throw StorageError.invalidKey(key, reason: "longer than 1024 bytes") }
        var segments = key.split(separator: "/", omittingEmptySubsequences: false)
        if allowTrailingSlash, key.hasSuffix("/") { segments.removeLast() }
        for segment in segments {
            if segment.isEmpty { throw StorageError.invalidKey(key, reason: "empty path segment ('//')") }
            if segment == ".." || segment == "." { throw StorageError.invalidKey(key, reason: "'\(segment)' segments are not allowed") }
        }
    }
}
