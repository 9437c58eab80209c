/// Why an object-store operation failed. URIs are redacted; no credentials appear.
public enum StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A key that could escape the root or is malformed.
    case invalidKey(String, reason: String)
    case notFound(uri: String)
    case localIO(path: String, reason: String)
    /// An S3 error response (`code` as S3 spells it: NoSuchKey, AccessDenied, SlowDown, …).
    case s3(code: String, message: String, uri: String, status: Int, attempts: Int)
    /// Connection-level failure after the retries ran out.
    case transport(uri: String, message: String, attempts: Int)
    /// A request failure that retrying cannot fix (TLS verification, malformed URL, …).
    case request(uri: String, message: String)
    case invalidLocation(String, reason: String)
    case invalidResponse(uri: String, reason: String)

    /// The typed S3 error code, for `.s3` failures.
    public var s3Code: S3ErrorCode? {
        if case .s3(let code, _, _, _, _) = self { return S3ErrorCode(code) }
        return nil
    }

    public var isTransient: Bool {
        switch self {
        case .transport: return true
        case .s3(let code, _, _, let status, _):
            return S3ErrorCode(code).isTransient || [429, 500, 502, 503, 504].contains(status)
        default: return false
        }
    }

    public var httpStatus: Int? {
        if case .s3(_, _, _, let status, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .invalidKey(let key, let reason):
            return "invalid object key '\(key.replacingNUL())': \(reason)"
        case .notFound(let uri):
            return "\(uri) does not exist"
        case .localIO(let path, let reason):
            return "\(path): \(reason)"
        case .s3(let code, let message, let uri, let status, let attempts):
            let tries = attempts > 1 ? " after \(attempts) attempts" : ""
            return "S3 \(code) (HTTP \(status)) for \(uri)\(tries): \(message)\(hint(code))"
        case .transport(let uri, let message, let attempts):
            return "cannot reach \(uri) after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(message)"
        case .request(let uri, let message):
            return "request to \(uri) failed: \(message)"
        case .invalidLocation(let location, let reason):
            return "invalid lake location '\(location)': \(reason)"
        case .invalidResponse(let uri, let reason):
            return "unexpected response for \(uri): \(reason)"
        }
    }

    private func hint(_ code: String) -> String {
        let typed = S3ErrorCode(code)
        if typed.isAuthorizationFailure {
            return " (check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY and the bucket policy)"
        }
        return typed == .noSuchBucket ? " (create the bucket or fix the lake location)" : ""
    }
}

extension String {
    func replacingNUL() -> String { String(map { $0 == "\0" ? "\u{FFFD}" : $0 }) }
}
