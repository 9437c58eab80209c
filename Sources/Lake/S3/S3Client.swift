import CCurl
import CCurlShim
import Crypto
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The final response of an S3 request.
struct S3Response: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    var text: Substring { Substring(String(decoding: body, as: UTF8.self)) }
}

/// Sends signed S3 requests over pooled libcurl handles, retrying transient failures
/// (connection errors, 429/5xx, SlowDown, InternalError) with full-jitter backoff.
struct S3Client: Sendable {
    let configuration: S3Configuration
    var retry: RetryPolicy
    var timeouts: FetchTimeouts
    let pool: CurlPool
    /// Retries and their waits (warning) and each request (debug); no header or secret.
    var logger = LakeLogger.silent

    /// Sends `request`; statuses in `accept` (besides 2xx) are returned instead of thrown.
    /// `payloadSHA256` overrides the body's hash (UNSIGNED-PAYLOAD for streamed files).
    func send(_ request: S3Request, body: S3Body = .empty, headers extra: [String] = [],
              accept: Set<Int> = [], payloadSHA256: String? = nil) async throws -> S3Response {
        let lines = headerLines(request, body: body, extra: extra, payloadSHA256: payloadSHA256)
        var attempts = 0
        while true {
            attempts += 1
            let attemptNumber = attempts
            do {
                let response = try await runBlockingCancellable { [self] flag in
                    try pool.withHandle { curl in
                        try perform(curl, request: request, body: body, headers: lines, accept: accept,
                                    attempts: attemptNumber, cancellation: flag)
                    }
                }
                logSent(request, response, attempts: attemptNumber)
                return response
            } catch let error as StorageError {
                guard !Task.isCancelled, let seconds = retryWait(after: error, request: request, attempts: attempts) else { throw error }
                if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
            }
        }
    }

    /// `send` for synchronous callers, on the calling thread: the transfer is a libcurl easy
    /// handle's blocking `perform` either way, so this skips only the hop to a Dispatch thread
    /// and back. For code that is synchronous by contract (the manifest store) and must not
    /// wait for async work on a semaphore. Backoff waits sleep the calling thread.
    func sendBlocking(_ request: S3Request, body: S3Body = .empty, headers extra: [String] = [],
                      accept: Set<Int> = []) throws -> S3Response {
        let lines = headerLines(request, body: body, extra: extra, payloadSHA256: nil)
        var attempts = 0
        while true {
            attempts += 1
            do {
                let response = try pool.withHandle { curl in
                    try perform(curl, request: request, body: body, headers: lines, accept: accept,
                                attempts: attempts, cancellation: CancellationFlag())
                }
                logSent(request, response, attempts: attempts)
                return response
            } catch let error as StorageError {
                guard let seconds = retryWait(after: error, request: request, attempts: attempts) else { throw error }
                if seconds > 0 { usleep(useconds_t(seconds * 1e6)) }
            }
        }
    }

    /// The signed headers of a request: payload hash (given, or from the body) and extras.
    private func headerLines(_ request: S3Request, body: S3Body, extra: [String], payloadSHA256: String?) -> [String] {
        let hash: String
        if let payloadSHA256 {
            hash = payloadSHA256
        } else {
            switch body {
            case .empty: hash = S3Request.emptySHA256
            case .bytes(let bytes): hash = SHA256.hash(data: bytes).hexString
            case .file: hash = S3Request.unsignedPayload
            }
        }
        return request.headers(payloadSHA256: hash) + extra
    }

    private func logSent(_ request: S3Request, _ response: S3Response, attempts: Int) {
        logger.debug("S3 request", metadata: [
            "method": .string(request.method), "uri": .string(request.displayURL),
            "status": .stringConvertible(response.status), "attempts": .stringConvertible(attempts),
        ])
    }

    /// Seconds to wait before retrying after `error` on attempt `attempts` (logged), or nil
    /// when the error is not transient or the attempts are spent.
    private func retryWait(after error: StorageError, request: S3Request, attempts: Int) -> Double? {
        guard error.isTransient, attempts < retry.maxAttempts else { return nil }
        let seconds = retry.delay(beforeRetry: attempts - 1)
        logger.warning("S3 request failed; retrying", metadata: [
            "method": .string(request.method), "uri": .string(request.displayURL), "error": .string(error.description),
            "attempt": .stringConvertible(attempts + 1), "max_attempts": .stringConvertible(retry.maxAttempts),
            "wait_s": .stringConvertible((seconds * 1000).rounded() / 1000),
        ])
        return seconds
    }

    private func perform(_ curl: CurlEasy, request: S3Request, body: S3Body, headers: [String],
                         accept: Set<Int>, attempts: Int, cancellation: CancellationFlag) throws -> S3Response {
        let display = request.displayURL
        try curl.set(CURLOPT_URL, request.url, "URL")
        try curl.set(CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR")
        try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(timeouts.connect * 1000), "CONNECTTIMEOUT_MS")
        try curl.set(CURLOPT_USERAGENT, "medallion/1", "USERAGENT")
        try curl.set(CURLOPT_BUFFERSIZE, 512 * 1024, "BUFFERSIZE")
        var lines = headers
        switch request.method {
        case "GET":
            break
        case "HEAD":
            try curl.set(CURLOPT_NOBODY, 1, "NOBODY")
        case "PUT":
            try curl.set(CURLOPT_UPLOAD, 1, "UPLOAD")
            try curl.set(CURLOPT_INFILESIZE_LARGE, offset: body.length, "INFILESIZE_LARGE")
            try curl.set(CURLOPT_EXPECT_100_TIMEOUT_MS, 0, "EXPECT_100_TIMEOUT_MS")
        case "POST":
            try curl.set(CURLOPT_POST, 1, "POST")
            try curl.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: body.length, "POSTFIELDSIZE_LARGE")
            try curl.set(CURLOPT_EXPECT_100_TIMEOUT_MS, 0, "EXPECT_100_TIMEOUT_MS")
            if !lines.contains(where: { $0.lowercased().hasPrefix("content-type:") }) {
                lines.append("Content-Type: application/xml")
            }
        default:
            try curl.set(CURLOPT_CUSTOMREQUEST, request.method, "CUSTOMREQUEST")
        }
        try curl.setHeaders(lines)
        try request.sign(curl)

        let reader = try BodyReader(body)
        if request.method == "PUT" || request.method == "POST" {
            curl.onUpload = { buffer in try reader.read(into: buffer) }
        }
        var response = ResponseHeaders()
        var collected = [UInt8]()
        let stall = StallWatch(seconds: timeouts.stall, cancellation: cancellation)
        stall.install(on: curl)
        curl.onHeader = { response.consume($0) }
        curl.onBody = { collected.append(contentsOf: $0) }
        do {
            try curl.perform()
        } catch let error as CurlError {
            if stall.cancelled { throw CancellationError() }
            if stall.fired { throw StorageError.transport(uri: display, message: stall.message, attempts: attempts) }
            if !error.isTransient { throw StorageError.request(uri: display, message: error.description) }
            throw StorageError.transport(uri: display, message: error.description, attempts: attempts)
        } catch let error as StorageError {
            throw error
        }
        let status = curl.responseCode
        if (200..<300).contains(status) || accept.contains(status) {
            return S3Response(status: status, headers: response.fields, body: collected)
        }
        throw Self.error(status: status, body: collected, uri: display, attempts: attempts)
    }

    /// Maps an S3 error response (XML body, or none for HEAD) to a typed error.
    static func error(status: Int, body: [UInt8], uri: String, attempts: Int) -> StorageError {
        let text = Substring(String(decoding: body, as: UTF8.self))
        let code = XMLText.value("Code", in: text) ?? defaultCode(for: status)
        let message = XMLText.value("Message", in: text) ?? "HTTP \(status)"
        return .s3(code: code, message: message, uri: uri, status: status, attempts: attempts)
    }

    static func defaultCode(for status: Int) -> String {
        switch status {
        case 301, 307: return "PermanentRedirect"
        case 400: return "BadRequest"
        case 403: return "AccessDenied"
        case 404: return "NotFound"
        case 409: return "Conflict"
        case 412: return "PreconditionFailed"
        case 416: return "InvalidRange"
        case 429, 503: return "SlowDown"
        case 500: return "InternalError"
        default: return "HTTP\(status)"
        }
    }
}
