import CCurl
import CCurlShim
import Foundation

/// One JSON POST to a webhook (Slack, Mattermost, any HTTP endpoint) with a hard time limit.
public enum WebhookPost {
    /// Why a delivery did not get a 2xx.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case transport(String)
        case status(Int)

        public var description: String {
            switch self {
            case .transport(let message): return message
            case .status(let code): return "HTTP \(code)"
            }
        }
    }

    /// Webhook URLs are secrets in themselves (Slack's carry the token in the path): logs,
    /// errors and history show only scheme, host and port.
    public static func display(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return "(webhook)"
        }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "") + "/…"
    }

    /// POSTs `json`; returns the HTTP status when it is 2xx.
    public static func send(_ json: Data, to url: String, timeoutSeconds: Double = 10) throws -> Int {
        do {
            let curl = try CurlEasy()
            try curl.set(CURLOPT_URL, url, "URL")
            try curl.set(CURLOPT_PROTOCOLS_STR, "http,https", "PROTOCOLS_STR")
            try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(min(timeoutSeconds, 5) * 1000), "CONNECTTIMEOUT_MS")
            try curl.set(CURLOPT_TIMEOUT_MS, Int(timeoutSeconds * 1000), "TIMEOUT_MS")
            try curl.set(CURLOPT_USERAGENT, "medallion/1", "USERAGENT")
            try curl.setJSONBody(json)
            try curl.setHeaders(["Content-Type: application/json"])
            curl.onBody = { _ in }
            try curl.perform()
            let status = curl.responseCode
            guard (200..<300).contains(status) else { throw Failure.status(status) }
            return status
        } catch let failure as Failure {
            throw failure
        } catch {
            // curl's messages name the URL; keep the secret part out.
            throw Failure.transport(Redaction.redactURLs(in: "\(error)").replacingOccurrences(of: url, with: display(url)))
        }
    }
}
