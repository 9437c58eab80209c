import Foundation
import Logging

/// Opens the object store a lake location names.
public enum ObjectStores {
    /// "s3://bucket/prefix" → S3 (endpoint/credentials/region from environment per DESIGN.md);
    /// anything else (absolute, relative to the process cwd, or file://) → local directory (created).
    /// S3 logs its retries and requests to `logger`.
    public static func open(_ location: String, environment: [String: String],
                            logger: Logger = LakeLogger.silent) throws -> any ObjectStore {
        if location.lowercased().hasPrefix("s3://") {
            let (bucket, prefix) = try S3Location.split(location)
            if !prefix.isEmpty { try ObjectKey.validate(prefix) }
            let configuration = try S3Location.configuration(bucket: bucket, environment: environment, location: location)
            return S3ObjectStore(configuration: configuration, prefix: prefix, logger: logger)
        }
        let path: String
        if location.lowercased().hasPrefix("file://") {
            let rest = location.dropFirst(7)
            guard rest.hasPrefix("/") else {
                throw StorageError.invalidLocation(Redaction.redact(location), reason: "file:// locations must be absolute (file:///path)")
            }
            path = String(rest).removingPercentEncoding ?? String(rest)
        } else if location.lowercased().hasPrefix("file:") {
            path = String(location.dropFirst(5))
        } else if location.contains("://") {
            throw StorageError.invalidLocation(Redaction.redact(location), reason: "only local paths, file:// and s3:// are supported")
        } else {
            path = location
        }
        guard !path.isEmpty, !path.utf8.contains(0) else {
            throw StorageError.invalidLocation(Redaction.redact(location), reason: "empty or NUL-containing path")
        }
        let url = path.hasPrefix("/")
            ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return try LocalObjectStore(root: url)
    }
}
