import Crypto
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object store under `s3://bucket/prefix`, spoken to with SigV4-signed libcurl requests.
///
/// Files above `multipartThreshold` upload as multipart (parts in parallel, aborted on
/// failure); listings follow ListObjectsV2 continuation tokens; batch deletes go 1,000 keys
/// per request. Connections are reused through a handle pool.
public struct S3ObjectStore: ObjectStore {
    let configuration: S3Configuration
    /// Key prefix inside the bucket, without leading or trailing slash (may be empty).
    public let prefix: String
    let client: S3Client
    var multipartThreshold: Int64 = 16 << 20
    var partConcurrency = 4

    init(configuration: S3Configuration, prefix: String, retry: RetryPolicy = .default, timeouts: FetchTimeouts = .default,
         logger: Logger = LakeLogger.silent) {
        self.configuration = configuration
        self.prefix = prefix
        client = S3Client(configuration: configuration, retry: retry, timeouts: timeouts, pool: CurlPool(maxIdle: 8), logger: logger)
    }

    public var rootURI: String { "s3://\(configuration.bucket)" + (prefix.isEmpty ? "" : "/" + prefix) }

    func fullKey(_ key: String) throws -> String {
        try ObjectKey.validate(key)
        return prefix.isEmpty ? key : prefix + "/" + key
    }

    private func request(_ method: String, _ key: String, query: [(String, String)] = []) -> S3Request {
        S3Request(configuration: configuration, method: method, key: key, query: query)
    }

    // MARK: Put

    public func put(key: String, bytes: [UInt8]) async throws {
        let full = try fullKey(key)
        _ = try await client.send(request("PUT", full), body: .bytes(bytes))
    }

    public func putIfAbsent(key: String, bytes: [UInt8]) async throws -> Bool {
        let full = try fullKey(key)
        // 412: the key exists. 409: another conditional write to the key is in flight (S3 asks
        // the loser to retry); either way this writer did not create it.
        let response = try await client.send(request("PUT", full), body: .bytes(bytes),
                                             headers: ["If-None-Match: *"], accept: [409, 412])
        return (200..<300).contains(response.status)
    }

    public func put(key: String, fileAt url: URL) async throws {
        let full = try fullKey(key)
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw StorageError.localIO(path: url.path, reason: String(cString: strerror(errno)))
        }
        let size = Int64(info.st_size)
        if size > multipartThreshold {
            try await putMultipart(fullKey: full, path: url.path, size: size)
        } else {
            // Small enough to hash first: the signature then covers the real payload.
            let digest = try await runBlocking { try StreamingSHA256.hexDigest(ofFileAt: url.path) }
            _ = try await client.send(request("PUT", full), body: .file(path: url.path, offset: 0, length: size),
                                      payloadSHA256: digest)
        }
    }

    private func putMultipart(fullKey: String, path: String, size: Int64) async throws {
        let created = try await client.send(request("POST", fullKey, query: [("uploads", "")]))
        guard let uploadID = XMLText.value("UploadId", in: created.text) else {
            throw StorageError.invalidResponse(uri: "s3://\(configuration.bucket)/\(fullKey)", reason: "no UploadId in CreateMultipartUpload")
        }
        // S3 allows at most 10,000 parts.
        let partSize = max(multipartThreshold, (size + 9_999) / 10_000)
        let partCount = Int((size + partSize - 1) / partSize)
        do {
            var etags = [String](repeating: "", count: partCount)
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                var next = 0
                func addPart(_ index: Int) {
                    let offset = Int64(index) * partSize
                    let length = min(partSize, size - offset)
                    let partRequest = request("PUT", fullKey, query: [("partNumber", String(index + 1)), ("uploadId", uploadID)])
                    group.addTask { [client] in
                        let response = try await client.send(partRequest, body: .file(path: path, offset: offset, length: length))
                        guard let etag = response.headers["etag"] else {
                            throw StorageError.invalidResponse(uri: partRequest.displayURL, reason: "UploadPart returned no ETag")
                        }
                        return (index, etag)
                    }
                }
                while next < min(partConcurrency, partCount) { addPart(next); next += 1 }
                while let (index, etag) = try await group.next() {
                    etags[index] = etag
                    if next < partCount { addPart(next); next += 1 }
                }
            }
            var xml = "<CompleteMultipartUpload>"
            for (index, etag) in etags.enumerated() {
                xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(XMLText.escape(etag))</ETag></Part>"
            }
            xml += "</CompleteMultipartUpload>"
            let completed = try await client.send(request("POST", fullKey, query: [("uploadId", uploadID)]), body: .bytes(Array(xml.utf8)))
            // CompleteMultipartUpload can fail with 200 and an <Error> body.
            if completed.text.contains("<Error>") {
                throw S3Client.error(status: 500, body: completed.body, uri: "s3://\(configuration.bucket)/\(fullKey)", attempts: 1)
            }
        } catch {
            _ = try? await client.send(request("DELETE", fullKey, query: [("uploadId", uploadID)]), accept: [404])
            throw error
        }
    }

    // MARK: Get

    public func get(key: String, to url: URL) async throws {
        let full = try fullKey(key)
        let getRequest = request("GET", full)
        let sink = try DownloadSink(destination: url, progress: { _ in })
        var downloader = HTTPDownloader(url: getRequest.url, displayURL: uri(for: key), retry: client.retry,
                                        timeouts: client.timeouts, pool: client.pool)
        downloader.headers = getRequest.headers(payloadSHA256: S3Request.emptySHA256)
        downloader.configure = { curl in try getRequest.sign(curl) }
        downloader.logger = client.logger
        do {
            _ = try await downloader.download(into: sink, conditional: nil)
        } catch let error as FetchError {
            throw storageError(from: error, key: key)
        }
    }

    private func storageError(from error: FetchError, key: String) -> StorageError {
        let status = error.httpStatus
        if status == 404 { return .notFound(uri: uri(for: key)) }
        if let status { return .s3(code: S3Client.defaultCode(for: status), message: error.description, uri: uri(for: key), status: status, attempts: 1) }
        return .transport(uri: uri(for: key), message: error.description, attempts: 1)
    }

    public func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        let full = try fullKey(key)
        guard !range.isEmpty else { return [] }
        do {
            let response = try await client.send(request("GET", full),
                                                 headers: ["Range: bytes=\(range.lowerBound)-\(range.upperBound - 1)"],
                                                 accept: [416])
            if response.status == 416 { return [] }
            if response.status == 200 {
                // Range ignored: cut the slice out ourselves.
                let start = Int(min(range.lowerBound, Int64(response.body.count)))
                let end = Int(min(range.upperBound, Int64(response.body.count)))
                return Array(response.body[start..<end])
            }
            // 206: trust Content-Range over the request, and never return more than asked for.
            var headers = ResponseHeaders()
            if let value = response.headers["content-range"] { headers.consume("Content-Range: \(value)") }
            let start = headers.contentRange?.start ?? range.lowerBound
            guard start == range.lowerBound else {
                throw StorageError.invalidResponse(uri: uri(for: key), reason: "asked for bytes from \(range.lowerBound), got \(start)")
            }
            return Array(response.body.prefix(range.count))
        } catch let error as StorageError {
            if case .s3(let code, _, _, 404, _) = error, code == "NoSuchKey" || code == "NotFound" {
                throw StorageError.notFound(uri: uri(for: key))
            }
            throw error
        }
    }

    // MARK: Head, list

    public func head(key: String) async throws -> ObjectInfo? {
        let full = try fullKey(key)
        let response = try await client.send(request("HEAD", full), accept: [404])
        if response.status == 404 { return nil }
        let size = response.headers["content-length"].flatMap { Int64($0) } ?? 0
        let modified = response.headers["last-modified"].flatMap(Self.parseHTTPDate)
        return ObjectInfo(key: key, size: size, etag: response.headers["etag"].map(Self.unquote), lastModified: modified)
    }

    public func list(prefix listPrefix: String) async throws -> [ObjectInfo] {
        try ObjectKey.validatePrefix(listPrefix)
        let storePrefix = prefix.isEmpty ? "" : prefix + "/"
        let fullPrefix = storePrefix + listPrefix
        var results: [ObjectInfo] = []
        var token: String?
        repeat {
            var query = [("list-type", "2")]
            if !fullPrefix.isEmpty { query.append(("prefix", fullPrefix)) }
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.send(request("GET", "", query: query))
            let text = response.text
            for entry in XMLText.elements("Contents", in: text) {
                guard let key = XMLText.value("Key", in: entry), key.hasPrefix(storePrefix) else { continue }
                let size = XMLText.value("Size", in: entry).flatMap { Int64($0) } ?? 0
                results.append(ObjectInfo(key: String(key.dropFirst(storePrefix.count)), size: size,
                                          etag: XMLText.value("ETag", in: entry).map(Self.unquote),
                                          lastModified: XMLText.value("LastModified", in: entry).flatMap(Self.parseISODate)))
            }
            let truncated = XMLText.value("IsTruncated", in: text) == "true"
            token = truncated ? XMLText.value("NextContinuationToken", in: text) : nil
        } while token != nil
        return results.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
    }

    public func removeIncompleteWrites(prefix listPrefix: String) async throws -> [String] {
        try ObjectKey.validatePrefix(listPrefix)
        let storePrefix = prefix.isEmpty ? "" : prefix + "/"
        let fullPrefix = storePrefix + listPrefix
        var uploads: [(key: String, id: String)] = []
        var keyMarker: String?
        var idMarker: String?
        repeat {
            var query = [("uploads", ""), ("prefix", fullPrefix)]
            if let keyMarker { query.append(("key-marker", keyMarker)) }
            if let idMarker { query.append(("upload-id-marker", idMarker)) }
            let text = try await client.send(request("GET", "", query: query)).text
            for entry in XMLText.elements("Upload", in: text) {
                guard let key = XMLText.value("Key", in: entry), let id = XMLText.value("UploadId", in: entry) else { continue }
                uploads.append((key, id))
            }
            let truncated = XMLText.value("IsTruncated", in: text) == "true"
            keyMarker = truncated ? XMLText.value("NextKeyMarker", in: text) : nil
            idMarker = truncated ? XMLText.value("NextUploadIdMarker", in: text) : nil
        } while keyMarker != nil
        for upload in uploads {
            _ = try await client.send(request("DELETE", upload.key, query: [("uploadId", upload.id)]), accept: [404])
        }
        return uploads.map { "multipart upload of \(String($0.key.dropFirst(storePrefix.count)))" }
    }

    // MARK: Delete

    public func delete(key: String) async throws {
        let full = try fullKey(key)
        _ = try await client.send(request("DELETE", full), accept: [404])
    }

    public func delete(keys: [String]) async throws {
        let full = try keys.map(fullKey)
        var start = 0
        while start < full.count {
            let batch = full[start..<min(start + 1000, full.count)]
            start += batch.count
            var xml = "<Delete><Quiet>true</Quiet>"
            for key in batch { xml += "<Object><Key>\(XMLText.escape(key))</Key></Object>" }
            xml += "</Delete>"
            let body = Array(xml.utf8)
            // DeleteObjects requires an integrity header.
            let md5 = Data(Insecure.MD5.hash(data: body)).base64EncodedString()
            let response = try await client.send(request("POST", "", query: [("delete", "")]), body: .bytes(body),
                                                 headers: ["Content-MD5: \(md5)"])
            if let failure = XMLText.elements("Error", in: response.text).first {
                let code = XMLText.value("Code", in: failure) ?? "DeleteFailed"
                let key = XMLText.value("Key", in: failure) ?? ""
                throw StorageError.s3(code: code, message: XMLText.value("Message", in: failure) ?? "delete failed",
                                      uri: "s3://\(configuration.bucket)/\(key)", status: response.status, attempts: 1)
            }
        }
    }

    // MARK: Publish

    public func publish(prefix partition: String, files: [(name: String, localFile: URL)]) async throws {
        var trimmed = partition
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        try ObjectKey.validate(trimmed)
        for file in files { try ObjectKey.validateName(file.name) }
        let marker = trimmed + "/_SUCCESS"
        // A republished partition must not look complete while its objects are replaced.
        try await delete(key: marker)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = files[...]
            var running = 0
            while let file = pending.popFirst() {
                if running == partConcurrency { try await group.next(); running -= 1 }
                let key = trimmed + "/" + file.name, local = file.localFile, store = self
                group.addTask { try await store.put(key: key, fileAt: local) }
                running += 1
            }
            try await group.waitForAll()
        }
        try await put(key: marker, bytes: [])
    }

    // MARK: Parsing helpers

    static func unquote(_ etag: String) -> String {
        var value = etag
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
        return value
    }

    static func parseISODate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
