/// The S3 error codes the product reacts to, parsed from an error response's `<Code>`.
public enum S3ErrorCode: Sendable, Equatable {
    case noSuchKey
    case noSuchBucket
    case accessDenied
    case invalidAccessKeyID
    case signatureDoesNotMatch
    case slowDown
    case internalError
    case serviceUnavailable
    case requestTimeout
    case invalidRange
    /// Any other code, as S3 spelled it.
    case other(String)

    public init(_ code: String) {
        switch code {
        case "NoSuchKey", "NotFound": self = .noSuchKey
        case "NoSuchBucket": self = .noSuchBucket
        case "AccessDenied": self = .accessDenied
        case "InvalidAccessKeyId": self = .invalidAccessKeyID
        case "SignatureDoesNotMatch": self = .signatureDoesNotMatch
        case "SlowDown": self = .slowDown
        case "InternalError": self = .internalError
        case "ServiceUnavailable": self = .serviceUnavailable
        case "RequestTimeout": self = .requestTimeout
        case "InvalidRange": self = .invalidRange
        default: self = .other(code)
        }
    }

    /// Throttling and server-side failures that S3 itself says to retry.
    public var isTransient: Bool {
        switch self {
        case .slowDown, .internalError, .serviceUnavailable, .requestTimeout: return true
        default: return false
        }
    }

    /// Credentials or permissions are wrong: retrying cannot help, the user must act.
    public var isAuthorizationFailure: Bool {
        switch self {
        case .accessDenied, .invalidAccessKeyID, .signatureDoesNotMatch: return true
        default: return false
        }
    }
}
