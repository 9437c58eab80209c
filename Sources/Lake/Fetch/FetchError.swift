/// Why a source could not be fetched. URLs in these errors are always redacted.
public enum FetchError: Error, CustomStringConvertible, Sendable {
    /// The URL's scheme is not http, https, file or s3, or the URL cannot be parsed.
    case unsupportedURL(String)
    /// The server answered with an error status that retrying will not fix (400, 401, 403, 404, …).
    case httpStatus(url: String, status: Int, attempts: Int)
    /// Transient failures (connection, timeout, 429/5xx, short body) until the attempts ran out.
    case gaveUp(url: String, attempts: Int, lastError: String, status: Int?)
    /// The body was complete by the connection's account but its size disagrees with Content-Length.
    case sizeMismatch(url: String, expected: Int64, received: Int64)
    /// A transfer failure that retrying cannot fix (TLS verification, redirect limits, a
    /// redirect to a forbidden protocol, malformed URL).
    case transfer(url: String, reason: String)
    /// A local source file is missing or unreadable.
    case localFile(url: String, reason: String)
    /// The destination could not be written.
    case destination(path: String, reason: String)
    /// An S3 source failed (its message already redacted).
    case objectStore(url: String, message: String, status: Int?, transient: Bool)
    /// The source's bytes changed between two reads of one fetch (hashed, then copied): the
    /// copy was discarded rather than filed under a hash it does not have.
    case sourceChanged(url: String, expected: String, found: String)

    /// True when the failure was transient and retried until the attempts ran out.
    public var isTransient: Bool {
        switch self {
        case .gaveUp: return true
        case .objectStore(_, _, _, let transient): return transient
        default: return false
        }
    }

    /// The HTTP status of the final response, when there was one.
    public var httpStatus: Int? {
        switch self {
        case .httpStatus(_, let status, _): return status
        case .gaveUp(_, _, _, let status): return status
        case .objectStore(_, _, let status, _): return status
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .unsupportedURL(let url):
            return "cannot fetch \(url): only http://, https://, file: and s3:// sources are supported"
        case .httpStatus(let url, let status, _):
            return "fetching \(url) failed with HTTP \(status)\(hint(for: status)); not retried"
        case .gaveUp(let url, let attempts, let lastError, _):
            return "fetching \(url) failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(lastError)"
        case .sizeMismatch(let url, let expected, let received):
            return "fetching \(url): received \(received) bytes but Content-Length said \(expected)"
        case .transfer(let url, let reason):
            return "fetching \(url) failed: \(reason); not retried"
        case .localFile(let url, let reason):
            return "cannot read source \(url): \(reason)"
        case .destination(let path, let reason):
            return "cannot write fetched data to \(path): \(reason)"
        case .objectStore(let url, let message, _, _):
            return "fetching \(url) failed: \(message)"
        case .sourceChanged(let url, let expected, let found):
            return "source \(url) changed while it was being read: SHA-256 \(expected) when hashed, \(found) when copied; "
                + "nothing was published. Run again once whatever writes the file has finished "
                + "(writing it under another name and renaming it into place avoids this)"
        }
    }

    private func hint(for status: Int) -> String {
        switch status {
        case 401, 403: return " (check credentials and permissions)"
        case 404: return " (not found: check the URL)"
        case 400: return " (bad request)"
        default: return ""
        }
    }
}
