import Foundation
import Logging

/// Fetches a source (`http(s)://`, `file:`, `s3://`) into a local staging file, computing
/// its SHA-256 in the same pass; a `file:` source can also be hashed where it lies, with
/// nothing written (`hashInPlace`).
///
/// Transient failures (connection errors, timeouts, 429/500/502/503/504, a connection that
/// ends early) are retried with `retry`; a dropped download resumes with a Range request
/// when the server honours it and restarts otherwise. 400/401/403/404 fail at once.
public struct SourceFetcher: Sendable {
    public let baseDirectory: URL
    let environment: [String: String]
    public var retry: RetryPolicy
    public var timeouts: FetchTimeouts
    /// Where retries, backoff waits and finished downloads are logged (URLs redacted).
    public var logger = LakeLogger.silent
    private let pool = CurlPool()

    /// baseDirectory resolves relative `file:` URLs; environment supplies AWS_* for s3:// sources.
    public init(baseDirectory: URL, environment: [String: String], retry: RetryPolicy = .default) {
        self.init(baseDirectory: baseDirectory, environment: environment, retry: retry, timeouts: .default)
    }

    /// Like `init(baseDirectory:environment:retry:)` with explicit transfer time limits.
    public init(baseDirectory: URL, environment: [String: String], retry: RetryPolicy, timeouts: FetchTimeouts) {
        self.baseDirectory = baseDirectory
        self.environment = environment
        self.retry = retry
        self.timeouts = timeouts
    }

    /// The size of a `file:` source from its metadata, without reading it; nil for remote
    /// sources, whose size only their server knows.
    public func localFileSize(_ url: String) throws -> Int64? {
        guard case .file(let path) = try SourceURL.parse(url, base: baseDirectory) else { return nil }
        return try LocalSourceFile.size(path: path, displayURL: Redaction.redact(url))
    }

    /// Hashes a `file:` source where it lies: reads it once and writes nothing, so deciding
    /// that an unchanged source needs no work costs one read and no free space. Nil for remote
    /// sources, which can only be hashed by downloading them (`fetch`).
    public func hashInPlace(_ url: String, progress: @escaping @Sendable (FetchProgress) -> Void) async throws -> FetchResult? {
        guard case .file(let path) = try SourceURL.parse(url, base: baseDirectory) else { return nil }
        let display = Redaction.redact(url)
        return try await runBlocking { try LocalFileHasher.hash(LocalSourceFile(path: path, displayURL: display), progress: progress) }
    }

    /// Streams `url` to `destination` (created or truncated). On failure the destination is
    /// removed; on 304 (only possible with `conditional`) nothing is written.
    ///
    /// With `expectedSHA256` (the hash of an earlier read, e.g. `hashInPlace`), the bytes
    /// written must hash to it; when they do not, the source changed between the two reads:
    /// the destination is removed and `FetchError.sourceChanged` thrown, so a copy that does
    /// not match the hash it is filed under can never be published.
    public func fetch(_ url: String, to destination: URL, conditional: ConditionalRequest?, expectedSHA256: String? = nil,
                      progress: @escaping @Sendable (FetchProgress) -> Void) async throws -> FetchResult {
        let result = try await download(url, to: destination, conditional: conditional, progress: progress)
        if let expectedSHA256, !result.notModified, result.sha256 != expectedSHA256 {
            try? FileManager.default.removeItem(at: destination)
            throw FetchError.sourceChanged(url: Redaction.redact(url), expected: expectedSHA256, found: result.sha256)
        }
        return result
    }

    private func download(_ url: String, to destination: URL, conditional: ConditionalRequest?,
                          progress: @escaping @Sendable (FetchProgress) -> Void) async throws -> FetchResult {
        let display = Redaction.redact(url)
        let source = try SourceURL.parse(url, base: baseDirectory)
        switch source {
        case .file(let path):
            let sink = try DownloadSink(destination: destination, progress: progress)
            do {
                return try await runBlocking { try LocalFileCopier.copy(LocalSourceFile(path: path, displayURL: display), into: sink) }
            } catch {
                sink.discard()
                throw error
            }
        case .http(let address):
            let sink = try DownloadSink(destination: destination, progress: progress)
            var downloader = HTTPDownloader(url: address, displayURL: display, retry: retry, timeouts: timeouts, pool: pool)
            downloader.logger = logger
            return try await downloader.download(into: sink, conditional: conditional)
        case .s3(let bucket, let key):
            let configuration: S3Configuration
            do {
                configuration = try S3Configuration(bucket: bucket, environment: environment)
            } catch {
                throw FetchError.objectStore(url: display, message: String(describing: error), status: nil, transient: false)
            }
            let sink = try DownloadSink(destination: destination, progress: progress)
            let request = S3Request(configuration: configuration, method: "GET", key: key)
            var downloader = HTTPDownloader(url: request.url, displayURL: display, retry: retry, timeouts: timeouts, pool: pool)
            downloader.logger = logger
            downloader.headers = request.headers(payloadSHA256: S3Request.emptySHA256)
            downloader.configure = { curl in try request.sign(curl) }
            return try await downloader.download(into: sink, conditional: conditional)
        }
    }
}
