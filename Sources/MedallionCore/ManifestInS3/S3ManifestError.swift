/// Why a manifest kept in S3 could not be read or updated, naming its `s3://` URI (never credentials).
public enum S3ManifestError: Error, CustomStringConvertible, Equatable {
    /// S3 refused or could not be reached (missing bucket, access denied, network).
    case unreachable(uri: String, reason: String)
    /// Every attempt found that another writer had replaced the manifest in between.
    case tooManyConflicts(uri: String, attempts: Int)
    /// The local working copy could not be written or opened.
    case localCopy(uri: String, reason: String)
    /// The manifest exists (a create-only upload was refused) but S3 answers reads with 403.
    case unreadable(uri: String)

    public var description: String {
        switch self {
        case .unreachable(let uri, let reason):
            return "manifest \(uri): \(reason)"
        case .tooManyConflicts(let uri, let attempts):
            return "manifest \(uri): gave up after \(attempts) attempts, each overtaken by another writer's update; "
                + "too many runs are writing the manifest at once: lower --concurrency or retry"
        case .localCopy(let uri, let reason):
            return "manifest \(uri): local working copy: \(reason)"
        case .unreadable(let uri):
            return "manifest \(uri): it exists but S3 refuses to read it (403 AccessDenied); "
                + "grant s3:GetObject on it (and s3:ListBucket on the bucket, so that a missing object reads as missing)"
        }
    }
}
