/// `s3://bucket/key-or-prefix` locations: their parts and the configuration to reach them.
enum S3Location {
    /// Bucket and key (or prefix) of an `s3://` location, the key without leading or trailing slashes.
    static func split(_ location: String) throws -> (bucket: String, key: String) {
        guard location.lowercased().hasPrefix("s3://") else {
            throw StorageError.invalidLocation(Redaction.redact(location), reason: "not an s3:// location")
        }
        let rest = location.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        var key = String(rest.dropFirst(bucket.count))
        while key.hasPrefix("/") { key.removeFirst() }
        while key.hasSuffix("/") { key.removeLast() }
        return (bucket, key)
    }

    /// The bucket's configuration from the AWS environment; problems name `location`.
    static func configuration(bucket: String, environment: [String: String], location: String) throws -> S3Configuration {
        do {
            return try S3Configuration(bucket: bucket, environment: environment)
        } catch let error as S3Configuration.ConfigurationError {
            throw StorageError.invalidLocation(Redaction.redact(location), reason: error.description)
        }
    }
}
