import Foundation
import Logging

/// Fetches a source (`http(s)://`, `file:`, `s3://`) into a local staging file, computing
/// its SHA-256 in the same pass.
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

    /// Streams `url` to `destination` (created or truncated). On failure the destination is
    /// removed; on 304 (only possible with `conditional`) nothing is written.
    public func fetch(_ url: String, to destination: URL, conditional: ConditionalRequest?,
                      progress: @escaping @Sendable (FetchProgress) -> Void) async throws -> FetchResult {
        let display = Redaction.redact(url)
        let source = try SourceURL.parse(url, base: baseDirectory)
        switch source {
        case .file(let path):
            let sink = try DownloadSink(destination: destination, progress: progress)
            do {
                return try await runBlocking { try LocalFileCopier.copy(path: path, displayURL: display, into: sink) }
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
