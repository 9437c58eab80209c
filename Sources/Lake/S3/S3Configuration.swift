import Foundation

/// Where an S3 bucket lives and how to sign for it, from the standard AWS environment:
/// `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN`, `AWS_REGION` / `AWS_DEFAULT_REGION` (default us-east-1).
struct S3Configuration: Sendable {
    var bucket: String
    var region: String
    /// `scheme://host[:port]` without a trailing slash.
    var endpoint: String
    /// Path-style (`endpoint/bucket/key`) for custom endpoints, virtual-host style for AWS.
    var pathStyle: Bool
    var accessKeyID: String?
    var secretAccessKey: String?
    var sessionToken: String?

    enum ConfigurationError: Error, CustomStringConvertible {
        case badBucket(String)
        case badEndpoint(String)
        case partialCredentials

        var description: String {
            switch self {
            case .badBucket(let name): return "invalid S3 bucket name '\(name)'"
            case .badEndpoint(let url): return "invalid S3 endpoint '\(Redaction.redact(url))': expected http(s)://host[:port]"
            case .partialCredentials: return "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"
            }
        }
    }

    init(bucket: String, environment: [String: String]) throws {
        guard !bucket.isEmpty, bucket.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw ConfigurationError.badBucket(bucket)
        }
        self.bucket = bucket
        func value(_ name: String) -> String? {
            guard let v = environment[name], !v.isEmpty else { return nil }
            return v
        }
        region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
        if let custom = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL") {
            var trimmed = custom
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            let lower = trimmed.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { throw ConfigurationError.badEndpoint(custom) }
            endpoint = trimmed
            pathStyle = true
        } else {
            endpoint = "https://s3.\(region).amazonaws.com"
            // Dotted bucket names break TLS host matching in virtual-host style.
            pathStyle = bucket.contains(".")
        }
        accessKeyID = value("AWS_ACCESS_KEY_ID")
        secretAccessKey = value("AWS_SECRET_ACCESS_KEY")
        sessionToken = value("AWS_SESSION_TOKEN")
        if (accessKeyID == nil) != (secretAccessKey == nil) { throw ConfigurationError.partialCredentials }
    }

    /// The base URL of the bucket (no trailing slash).
    var bucketURL: String {
        if pathStyle { return endpoint + "/" + bucket }
        guard let schemeEnd = endpoint.range(of: "://") else { return endpoint + "/" + bucket }
        return String(endpoint[..<schemeEnd.upperBound]) + bucket + "." + String(endpoint[schemeEnd.upperBound...])
    }
}
