import Foundation

/// An exclusive, process-wide lock on one dataset, so two runs never interleave their writes.
///
/// An advisory `flock` on a file beside the manifest: the kernel drops it when the process dies,
/// so a crashed run never leaves a dataset locked.
public final class DatasetLock: @unchecked Sendable {
    private let descriptor: Int32
    public let dataset: String

    /// Takes the lock or throws `PipelineError.datasetBusy` at once (never waits).
    public init(dataset: String, manifestPath: String) throws {
        let directory = URL(fileURLWithPath: manifestPath).deletingLastPathComponent().appendingPathComponent(".locks")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("\(dataset).lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PipelineError.lockUnavailable(dataset: dataset, path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw PipelineError.datasetBusy(dataset)
        }
        descriptor = fd
        self.dataset = dataset
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
