import Foundation
import Lake

/// An exclusive, process-wide lock on one dataset, so two runs never interleave their writes.
///
/// Beside a local manifest, an advisory `flock` on a file: the kernel drops it when the process
/// dies, so a crashed run never leaves a dataset locked. Beside a manifest in S3, a lock object
/// with an expiry (`S3DatasetLock`), for runs on different machines.
public final class DatasetLock: @unchecked Sendable {
    private let descriptor: Int32?
    private let object: S3DatasetLock?
    public let dataset: String

    /// Takes the lock beside the environment's manifest (local or S3), or throws
    /// `PipelineError.datasetBusy` at once (never waits).
    public convenience init(dataset: String, environment: PipelineEnvironment) throws {
        guard environment.manifestInS3 else {
            try self.init(dataset: dataset, manifestPath: environment.manifestPath)
            return
        }
        let lock: S3DatasetLock
        do {
            let manifest = try S3ConditionalObject(uri: environment.manifestPath, environment: environment.variables,
                                                   logger: environment.logger)
            lock = try S3DatasetLock(dataset: dataset, manifest: manifest)
        } catch let error as StorageError {
            throw PipelineError.lockUnavailable(dataset: dataset, path: Redaction.redact(environment.manifestPath), reason: error.description)
        }
        self.init(dataset: dataset, object: lock)
    }

    private init(dataset: String, object: S3DatasetLock) {
        self.dataset = dataset
        self.object = object
        descriptor = nil
    }

    /// Takes the `flock` beside the local manifest at `manifestPath`, or throws
    /// `PipelineError.datasetBusy` at once (never waits).
    public init(dataset: String, manifestPath: String) throws {
        let directory = URL(fileURLWithPath: manifestPath).deletingLastPathComponent().appendingPathComponent(".locks")
        let path = directory.appendingPathComponent("\(dataset).lock").path
        // The directory's own failure (EACCES on the manifest directory, say) is the cause;
        // opening the lock file afterwards would only report "No such file or directory".
        if let failure = Self.makeDirectories(directory.path) {
            throw PipelineError.lockUnavailable(dataset: dataset, path: path,
                                                reason: "cannot create directory \(failure.path): \(failure.reason)"
                                                    + Self.hint(failure.errno, in: URL(fileURLWithPath: failure.path).deletingLastPathComponent().path))
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw PipelineError.lockUnavailable(dataset: dataset, path: path,
                                                reason: String(cString: strerror(code)) + Self.hint(code, in: directory.path))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw PipelineError.datasetBusy(dataset)
        }
        descriptor = fd
        object = nil
        self.dataset = dataset
    }

    /// Creates `path` and missing parents; on failure, the directory that could not be made
    /// and the system's reason.
    static func makeDirectories(_ path: String) -> (path: String, reason: String, errno: Int32)? {
        if mkdir(path, 0o755) == 0 { return nil }
        let code = errno
        switch code {
        case EEXIST:
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return nil }
            return (path, "exists and is not a directory", ENOTDIR)
        case ENOENT:
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard parent != path else { return (path, String(cString: strerror(code)), code) }
            if let failure = makeDirectories(parent) { return failure }
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return nil }
            let again = errno
            return (path, String(cString: strerror(again)), again)
        default:
            return (path, String(cString: strerror(code)), code)
        }
    }

    /// What to do about a permission problem in `directory`.
    private static func hint(_ code: Int32, in directory: String) -> String {
        guard code == EACCES || code == EPERM || code == EROFS else { return "" }
        return " (\(directory) is not writable: make it writable, or put the manifest elsewhere with --manifest or MEDALLION_MANIFEST)"
    }

    deinit {
        // The S3 lock object releases itself when `object` goes.
        if let descriptor {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}
