import CCurl
import CCurlShim
import Foundation
import Logging

/// Streams one HTTP(S) resource into a `DownloadSink` with retries, resume and validation.
///
/// Used for http(s) sources and, with signing options from `configure`, for S3 objects.
struct HTTPDownloader: Sendable {
    /// The real URL (may hold secrets); only `displayURL` appears in errors.
    var url: String
    var displayURL: String
    var headers: [String] = []
    var retry: RetryPolicy
    var timeouts: FetchTimeouts
    /// Extra per-request options (S3 signing); runs after the common options.
    var configure: @Sendable (CurlEasy) throws -> Void = { _ in }
    /// Restricts redirects to these protocols so a server cannot bounce us to file://.
    var protocols = "http,https"
    var pool: CurlPool
    /// Retries and their waits are logged as they happen; only `displayURL` appears.
    var logger = LakeLogger.silent

    /// What one attempt ended with.
    private enum AttemptOutcome: Sendable {
        case complete(etag: String?, lastModified: String?)
        case notModified(etag: String?, lastModified: String?)
    }

    /// Failures of a single attempt; mapped to `FetchError` once retrying stops.
    enum AttemptError: Error, Sendable {
        case status(Int, body: String)
        /// Connection-level failure; `transient` says whether another attempt may succeed.
        case transport(String, transient: Bool)
        case short(received: Int64, expected: Int64)
        /// A 206 for the wrong range: start over from byte 0 without waiting.
        case rangeMismatch

        /// One line for a log: what went wrong in this attempt.
        var summary: String {
            switch self {
            case .status(let code, _): return "HTTP \(code)"
            case .transport(let message, _): return message
            case .short(let received, let expected):
                return expected > 0 ? "connection ended after \(received) of \(expected) bytes" : "connection ended after \(received) bytes"
            case .rangeMismatch: return "wrong range on resume"
            }
        }

        var isTransient: Bool {
            switch self {
            case .status(let code, _): return HTTPDownloader.transientStatuses.contains(code)
            case .transport(_, let transient): return transient
            case .short, .rangeMismatch: return true
            }
        }
    }

    static let transientStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    func download(into sink: DownloadSink, conditional: ConditionalRequest?) async throws -> FetchResult {
        var validator: String?
        var attempts = 0
        let outcome: AttemptOutcome
        while true {
            if Task.isCancelled {
                sink.discard()
                throw CancellationError()
            }
            attempts += 1
            let resumeFrom = sink.written
            let ifRange = validator
            do {
                outcome = try await runBlockingCancellable { [self] flag in
                    try pool.withHandle { curl in
                        try attempt(curl, sink: sink, resumeFrom: resumeFrom, ifRange: ifRange,
                                    conditional: resumeFrom == 0 ? conditional : nil, cancellation: flag)
                    }
                }
                break
            } catch let failure as ResumableFailure {
                if let found = failure.validator { validator = found }
                guard failure.error.isTransient, attempts < retry.maxAttempts else {
                    sink.discard()
                    throw mapError(failure.error, attempts: attempts)
                }
                if case .rangeMismatch = failure.error {
                    logger.warning("server answered a resume with the wrong range; downloading again from the start",
                                   metadata: ["url": .string(displayURL), "attempt": .stringConvertible(attempts + 1)])
                    try sink.restart()
                    continue
                }
                // A server's Retry-After is honoured, but never beyond the policy's maxDelay.
                let hinted = min(failure.retryAfter ?? 0, retry.maxDelay)
                let seconds = max(retry.delay(beforeRetry: attempts - 1), hinted)
                logger.warning("download failed; retrying", metadata: [
                    "url": .string(displayURL), "error": .string(failure.error.summary),
                    "attempt": .stringConvertible(attempts + 1), "max_attempts": .stringConvertible(retry.maxAttempts),
                    "wait_s": .stringConvertible((seconds * 1000).rounded() / 1000),
                    "resume_from": .stringConvertible(sink.written),
                ])
                if seconds > 0 { try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
            } catch {
                sink.discard()
                throw error
            }
        }
        logger.debug("download finished", metadata: [
            "url": .string(displayURL), "bytes": .stringConvertible(sink.written), "attempts": .stringConvertible(attempts),
        ])
        switch outcome {
        case .notModified(let etag, let lastModified):
            sink.discard()
            return FetchResult(notModified: true, sha256: "", bytes: 0, etag: etag ?? conditional?.etag,
                               lastModified: lastModified ?? conditional?.lastModified)
        case .complete(let etag, let lastModified):
            do {
                let digest = try sink.finish()
                return FetchResult(notModified: false, sha256: digest, bytes: sink.written, etag: etag,
                                   lastModified: lastModified)
            } catch {
                sink.discard()
                throw error
            }
        }
    }

    private func mapError(_ error: AttemptError, attempts: Int) -> FetchError {
        switch error {
        case .status(let code, let body):
            if error.isTransient {
                return .gaveUp(url: displayURL, attempts: attempts, lastError: "HTTP \(code)\(body.isEmpty ? "" : ": " + body)", status: code)
            }
            return .httpStatus(url: displayURL, status: code, attempts: attempts)
        case .transport(let message, let transient):
            if !transient { return .transfer(url: displayURL, reason: message) }
            return .gaveUp(url: displayURL, attempts: attempts, lastError: message, status: nil)
        case .short(let received, let expected):
            let detail = expected > 0 ? "connection ended after \(received) of \(expected) bytes (Content-Length)"
                                      : "connection ended early after \(received) bytes"
            return .gaveUp(url: displayURL, attempts: attempts, lastError: detail, status: nil)
        case .rangeMismatch:
            return .gaveUp(url: displayURL, attempts: attempts, lastError: "server answered a resume with the wrong range", status: 206)
        }
    }

    /// One blocking transfer; failures come as `ResumableFailure`.
    private func attempt(_ curl: CurlEasy, sink: DownloadSink, resumeFrom: Int64, ifRange: String?,
                         conditional: ConditionalRequest?, cancellation: CancellationFlag) throws -> AttemptOutcome {
        try curl.set(CURLOPT_URL, url, "URL")
        try curl.set(CURLOPT_PROTOCOLS_STR, protocols, "PROTOCOLS_STR")
        try curl.set(CURLOPT_REDIR_PROTOCOLS_STR, protocols, "REDIR_PROTOCOLS_STR")
        try curl.set(CURLOPT_FOLLOWLOCATION, 1, "FOLLOWLOCATION")
        try curl.set(CURLOPT_MAXREDIRS, 10, "MAXREDIRS")
        try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(timeouts.connect * 1000), "CONNECTTIMEOUT_MS")
        try curl.set(CURLOPT_BUFFERSIZE, 512 * 1024, "BUFFERSIZE")
        try curl.set(CURLOPT_USERAGENT, "medallion/1", "USERAGENT")
        var lines = headers
        if resumeFrom > 0 {
            lines.append("Range: bytes=\(resumeFrom)-")
            if let ifRange { lines.append("If-Range: \(ifRange)") }
        }
        if let conditional {
            if let etag = conditional.etag { lines.append("If-None-Match: \(etag)") }
            if let lastModified = conditional.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        }
        try curl.setHeaders(lines)
        try configure(curl)

        var response = ResponseHeaders()
        var errorBody = [UInt8]()
        var decided = false
        let stall = StallWatch(seconds: timeouts.stall, cancellation: cancellation)
        stall.install(on: curl)
        curl.onHeader = { response.consume($0) }
        curl.onBody = { chunk in
            if !decided {
                decided = true
                switch response.status {
                case 200:
                    if sink.written > 0 { try sink.restart() }
                    sink.total = response.contentLength
                case 206:
                    guard let range = response.contentRange, range.start == sink.written else {
                        throw AttemptError.rangeMismatch
                    }
                    sink.total = range.total
                default:
                    break
                }
            }
            if (200..<300).contains(response.status) {
                try sink.write(chunk)
            } else if errorBody.count < 2048 {
                errorBody.append(contentsOf: chunk.prefix(2048 - errorBody.count))
            }
        }
        let validatorNow: () -> String? = {
            if let etag = response["etag"], !etag.hasPrefix("W/") { return etag }
            return response["last-modified"]
        }
        do {
            try curl.perform()
        } catch let error as AttemptError {
            throw ResumableFailure(error: error, validator: validatorNow())
        } catch let error as CurlError {
            if stall.cancelled { throw CancellationError() }
            if stall.fired { throw ResumableFailure(error: .transport(stall.message, transient: true), validator: validatorNow()) }
            let status = response.status
            if status >= 400 { throw ResumableFailure(error: .status(status, body: summary(errorBody)), validator: nil) }
            if case .transfer(let code, _) = error, code == Int(CURLE_PARTIAL_FILE.rawValue) {
                let expected = response.status == 206 ? (response.contentRange?.total ?? 0)
                                                      : (response.contentLength ?? 0)
                throw ResumableFailure(error: .short(received: sink.written, expected: expected), validator: validatorNow())
            }
            throw ResumableFailure(error: .transport(error.description, transient: error.isTransient), validator: validatorNow())
        }
        let status = curl.responseCode
        switch status {
        case 304 where conditional != nil:
            return .notModified(etag: response["etag"], lastModified: response["last-modified"])
        case 200, 206:
            if !decided {
                // Empty body: the write callback never ran.
                if status == 200, sink.written > 0 { try sink.restart() }
                sink.total = status == 206 ? response.contentRange?.total : response.contentLength
            }
            if let total = sink.total, total != sink.written {
                throw ResumableFailure(error: .short(received: sink.written, expected: total), validator: validatorNow())
            }
            return .complete(etag: response["etag"], lastModified: response["last-modified"])
        default:
            throw ResumableFailure(error: .status(status, body: summary(errorBody)), validator: nil,
                                   retryAfter: response["retry-after"].flatMap { Double($0) })
        }
    }

    private func summary(_ body: [UInt8]) -> String {
        let text = String(decoding: body, as: UTF8.self)
        let oneLine = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return String(oneLine.prefix(200))
    }
}

/// An attempt's failure plus the validator (ETag / Last-Modified) a resume must match.
struct ResumableFailure: Error, Sendable {
    var error: HTTPDownloader.AttemptError
    var validator: String?
    /// Seconds from a 429/503 `Retry-After: <seconds>` header.
    var retryAfter: Double? = nil
}
