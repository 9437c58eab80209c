import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One S3 object read and replaced whole with conditional requests, from synchronous code.
///
/// For small shared state that several machines update (the manifest, a dataset lock): a
/// read says whether the copy a caller holds is still current (`If-None-Match`), and a write
/// succeeds only over the version the caller read (`If-Match`) or only when there is none yet
/// (`If-None-Match: *`), so two writers never silently overwrite each other.
///
/// Requests run on the calling thread (`S3Client.sendBlocking`): libcurl transfers block
/// either way, and callers are synchronous by contract.
public struct S3ConditionalObject: Sendable {
    let client: S3Client
    let key: String
    /// `s3://bucket/key`, for messages (no credentials).
    public let uri: String

    /// The version a conditional write must find in place.
    public enum Expected: Sendable, Equatable {
        /// No object at the key (`If-None-Match: *`).
        case absent
        /// The object with this ETag (`If-Match`).
        case etag(String)
    }

    /// What a conditional read found.
    public enum Read: Sendable, Equatable {
        /// There is no object at the key.
        case missing
        /// The object still has the ETag the caller holds (304).
        case unchanged
        /// The object's bytes and ETag.
        case current(bytes: [UInt8], etag: String)
        /// S3 refused the read (403 AccessDenied). A caller allowed `s3:GetObject` on the key
        /// but not `s3:ListBucket` on the bucket gets this for a missing object too (S3 hides
        /// whether a key exists from whoever may not list it), so it may mean either.
        case forbidden
    }

    /// The object at `uri` (`s3://bucket/key`); endpoint, region and credentials from `environment`
    /// as for an S3 lake.
    public init(uri: String, environment: [String: String], logger: Logger = LakeLogger.silent) throws {
        let (bucket, key) = try S3Location.split(uri)
        guard !key.isEmpty else { throw StorageError.invalidLocation(Redaction.redact(uri), reason: "names a bucket, not an object") }
        try ObjectKey.validate(key)
        let configuration = try S3Location.configuration(bucket: bucket, environment: environment, location: uri)
        client = S3Client(configuration: configuration, retry: .default, timeouts: .default, pool: CurlPool(maxIdle: 2), logger: logger)
        self.key = key
        self.uri = "s3://\(bucket)/\(key)"
    }

    /// The object beside this one named `name` (same bucket and directory).
    public func sibling(_ name: String) throws -> S3ConditionalObject {
        let directory = key.split(separator: "/").dropLast().joined(separator: "/")
        let siblingKey = directory.isEmpty ? name : directory + "/" + name
        try ObjectKey.validate(siblingKey)
        return S3ConditionalObject(client: client, key: siblingKey, uri: "s3://\(client.configuration.bucket)/\(siblingKey)")
    }

    private init(client: S3Client, key: String, uri: String) {
        self.client = client
        self.key = key
        self.uri = uri
    }

    private func request(_ method: String) -> S3Request {
        S3Request(configuration: client.configuration, method: method, key: key)
    }

    /// Reads the object unless its ETag is still `cachedETag`.
    public func read(ifNoneMatch cachedETag: String?) throws -> Read {
        let headers = cachedETag.map { ["If-None-Match: \"\($0)\""] } ?? []
        let response = try client.sendBlocking(request("GET"), headers: headers, accept: [304, 403, 404])
        switch response.status {
        case 304: return .unchanged
        case 403:
            let error = S3Client.error(status: 403, body: response.body, uri: uri, attempts: 1)
            guard error.s3Code == .accessDenied else { throw error }
            return .forbidden
        case 404:
            // A missing bucket is a configuration error, not an empty manifest.
            let error = S3Client.error(status: 404, body: response.body, uri: uri, attempts: 1)
            if error.s3Code == .noSuchBucket { throw error }
            return .missing
        default:
            guard let etag = response.headers["etag"] else {
                throw StorageError.invalidResponse(uri: uri, reason: "GET returned no ETag")
            }
            return .current(bytes: response.body, etag: S3ObjectStore.unquote(etag))
        }
    }

    /// Writes `body` only if the object is still as `expected`. Returns the new ETag, or nil
    /// when another writer got there first (412 Precondition Failed, or 409
    /// ConditionalRequestConflict while a competing conditional write is in flight).
    public func write(_ body: Body, expected: Expected) throws -> String? {
        let condition: String
        switch expected {
        case .absent: condition = "If-None-Match: *"
        case .etag(let etag): condition = "If-Match: \"\(etag)\""
        }
        let response = try client.sendBlocking(request("PUT"), body: body.s3Body, headers: [condition], accept: [409, 412])
        guard (200..<300).contains(response.status) else { return nil }
        guard let etag = response.headers["etag"] else {
            throw StorageError.invalidResponse(uri: uri, reason: "PUT returned no ETag")
        }
        return S3ObjectStore.unquote(etag)
    }

    /// Deletes the object if it still has `etag` (servers that ignore `If-Match` on DELETE
    /// delete it anyway). Returns false when it had changed; a missing object counts as deleted.
    @discardableResult
    public func delete(ifMatch etag: String) throws -> Bool {
        let response = try client.sendBlocking(request("DELETE"), headers: ["If-Match: \"\(etag)\""], accept: [404, 409, 412])
        return response.status != 409 && response.status != 412
    }

    /// A body for `write`: bytes in memory, or a local file streamed from disk.
    public enum Body: Sendable {
        case bytes([UInt8])
        case file(URL)

        var s3Body: S3Body {
            get throws {
                switch self {
                case .bytes(let bytes): return .bytes(bytes)
                case .file(let url):
                    var info = stat()
                    guard stat(url.path, &info) == 0 else {
                        throw StorageError.localIO(path: url.path, reason: String(cString: strerror(errno)))
                    }
                    return .file(path: url.path, offset: 0, length: Int64(info.st_size))
                }
            }
        }
    }
}
