import Foundation

/// A place that holds objects by key: a local directory or an S3 bucket prefix.
///
/// Keys are relative, `/`-separated paths; they never escape the root.
public protocol ObjectStore: Sendable {
    /// "file:///abs/lake" or "s3://bucket/prefix" (no trailing slash).
    var rootURI: String { get }
    /// rootURI + "/" + key.
    func uri(for key: String) -> String
    /// Stores a copy of a local file (multipart above 16 MiB on S3).
    func put(key: String, fileAt url: URL) async throws
    /// Stores a local file the caller no longer needs: a local lake renames it into place when
    /// it is on the same filesystem (no second copy); otherwise it is copied, then removed.
    func put(key: String, movingFileAt url: URL) async throws
    func put(key: String, bytes: [UInt8]) async throws
    /// Stores `bytes` under `key` only if no object has that key, atomically: of two writers
    /// racing for one key exactly one gets `true`, the other `false` and leaves the object as
    /// the winner wrote it. Local = durable temp file + `link()` (fails with EEXIST); S3 = PUT with
    /// `If-None-Match: *` (412 or 409 = taken). What commit logs (Delta) are built on.
    func putIfAbsent(key: String, bytes: [UInt8]) async throws -> Bool
    /// Streams an object into a local file (created or replaced).
    func get(key: String, to url: URL) async throws
    /// The bytes in `range` (clamped to the object's end).
    func get(key: String, range: Range<Int64>) async throws -> [UInt8]
    /// nil when absent.
    func head(key: String) async throws -> ObjectInfo?
    /// Every object whose key starts with `prefix`, sorted by key (all pages).
    func list(prefix: String) async throws -> [ObjectInfo]
    /// Deleting an absent key succeeds.
    func delete(key: String) async throws
    func delete(keys: [String]) async throws
    /// Makes a whole partition visible at once: local = temp dir in the lake + fsync + rename
    /// (then `_SUCCESS` inside); S3 = every object, then `<prefix>/_SUCCESS` last. A local lake
    /// hard-links files that are on its own filesystem instead of copying them, so the caller
    /// must not write to them afterwards (removing them is fine).
    func publish(prefix: String, files: [(name: String, localFile: URL)]) async throws
    /// Removes what interrupted writes under `prefix` left behind and returns what it removed
    /// (for messages): local = the store's own staging files and directories (a killed
    /// `put`/`publish`), S3 = multipart uploads never completed (aborted, so their parts stop
    /// costing storage). Call only when no write under `prefix` is in progress.
    func removeIncompleteWrites(prefix: String) async throws -> [String]
}

extension ObjectStore {
    public func uri(for key: String) -> String { rootURI + "/" + key }

    public func put(key: String, movingFileAt url: URL) async throws {
        try await put(key: key, fileAt: url)
        try? FileManager.default.removeItem(at: url)
    }
}
