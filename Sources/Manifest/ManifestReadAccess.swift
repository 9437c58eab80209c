import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How an inspection command opens the manifest read-only, so it works on a read-only file in
/// a read-only directory (a lake snapshot, a mounted backup, another user's manifest).
///
/// A WAL database read-only still needs its `-shm` index: SQLite reads it when it exists and
/// creates it when the directory is writable; otherwise the file can be opened only as
/// immutable, which ignores the write-ahead log (sqlite.org/wal.html, "Read-Only Databases").
enum ManifestReadAccess: Equatable, Sendable {
    /// An ordinary read-only connection: SQLite finds or creates the `-shm` file.
    case shared
    /// `immutable=1`: no locks, no `-shm`, the WAL ignored. Chosen only when the directory is
    /// read-only (no writer without more privileges can add a log) and there is no log to lose.
    case immutable
    /// A private copy of the file and its log, opened there: a read-only directory holding a
    /// non-empty log without its index (a writer crashed) leaves nothing else that sees it all.
    case snapshot

    /// The access that reads everything committed to `path`, given what this process may write.
    static func choose(path: String) -> ManifestReadAccess {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if access(directory, W_OK) == 0 { return .shared }
        if access(path + "-shm", R_OK) == 0 { return .shared }
        var info = stat()
        if stat(path + "-wal", &info) == 0, info.st_size > 0 { return .snapshot }
        return .immutable
    }

    /// The `file:` URI SQLite opens for `path` as immutable. A library built without URI file
    /// names fails to open it, and the caller falls back to a snapshot.
    static func immutableURI(path: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(encoded)?immutable=1"
    }
}
