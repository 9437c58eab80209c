import CCurl
import CCurlShim

/// One S3 REST request: method, object key and query, addressed and signed per the
/// configuration. Signing is libcurl's built-in SigV4 (`CURLOPT_AWS_SIGV4`).
struct S3Request: Sendable {
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let unsignedPayload = "UNSIGNED-PAYLOAD"

    var configuration: S3Configuration
    var method: String
    /// Object key; empty for bucket-level requests (list, batch delete).
    var key: String
    var query: [(String, String)] = []

    init(configuration: S3Configuration, method: String, key: String, query: [(String, String)] = []) {
        self.configuration = configuration
        self.method = method
        self.key = key
        self.query = query
    }

    var url: String {
        var url = configuration.bucketURL
        if !key.isEmpty || !configuration.pathStyle { url += "/" + SigV4Encoding.encode(key, keepSlash: true) }
        if !query.isEmpty { url += "?" + SigV4Encoding.canonicalQuery(query) }
        return url
    }

    /// The URL as errors show it: `s3://bucket/key`.
    var displayURL: String { "s3://\(configuration.bucket)/\(key)" }

    /// Headers every request carries; the payload hash is signed (libcurl 7.88 does not add it).
    func headers(payloadSHA256: String) -> [String] {
        var lines = ["x-amz-content-sha256: \(payloadSHA256)"]
        if let token = configuration.sessionToken { lines.append("x-amz-security-token: \(token)") }
        return lines
    }

    /// Enables SigV4 on the handle when credentials are configured (anonymous otherwise).
    func sign(_ curl: CurlEasy) throws {
        guard let id = configuration.accessKeyID, let secret = configuration.secretAccessKey else { return }
        try curl.set(CURLOPT_AWS_SIGV4, "aws:amz:\(configuration.region):s3", "AWS_SIGV4")
        try curl.set(CURLOPT_USERNAME, id, "USERNAME")
        try curl.set(CURLOPT_PASSWORD, secret, "PASSWORD")
    }
}
