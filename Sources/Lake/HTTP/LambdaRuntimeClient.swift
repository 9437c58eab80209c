import CCurl
import CCurlShim
import Foundation

/// The AWS Lambda Runtime API a custom runtime talks to (`AWS_LAMBDA_RUNTIME_API`, plain HTTP
/// on the sandbox's loopback): wait for the next invocation, then post its response or error;
/// post an init error when the runtime cannot start.
public struct LambdaRuntimeClient: Sendable {
    /// `host:port` of the Runtime API.
    public let endpoint: String

    public init(endpoint: String) {
        self.endpoint = endpoint
    }

    /// One invocation: its request id and its event bytes.
    public struct Invocation: Sendable {
        public var requestId: String
        public var event: Data
    }

    public enum Failure: Error, CustomStringConvertible, Sendable {
        case transport(String)
        case status(Int, String)
        case missingRequestId

        public var description: String {
            switch self {
            case .transport(let message): return "Lambda Runtime API: \(message)"
            case .status(let code, let body): return "Lambda Runtime API answered HTTP \(code): \(body.prefix(300))"
            case .missingRequestId: return "Lambda Runtime API: the next invocation has no Lambda-Runtime-Aws-Request-Id"
            }
        }
    }

    /// Blocks until Lambda hands over the next event (the long poll has no timeout by design).
    public func next() throws -> Invocation {
        var requestId: String?
        let body = try request("GET", path: "/2018-06-01/runtime/invocation/next", body: nil) { header in
            let parts = header.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "lambda-runtime-aws-request-id" {
                requestId = parts[1].trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        guard let requestId, !requestId.isEmpty else { throw Failure.missingRequestId }
        return Invocation(requestId: requestId, event: body)
    }

    public func respond(_ requestId: String, _ output: Data) throws {
        _ = try request("POST", path: "/2018-06-01/runtime/invocation/\(requestId)/response", body: output)
    }

    /// An invocation's error: Step Functions shows `errorType` as the Task's error name.
    public func fail(_ requestId: String, type: String, message: String) throws {
        _ = try request("POST", path: "/2018-06-01/runtime/invocation/\(requestId)/error", body: Self.error(type, message),
                        headers: ["Lambda-Runtime-Function-Error-Type: \(type)"])
    }

    /// The runtime could not start; Lambda reports the function as failed to initialise.
    public func failInit(type: String, message: String) throws {
        _ = try request("POST", path: "/2018-06-01/runtime/init/error", body: Self.error(type, message),
                        headers: ["Lambda-Runtime-Function-Error-Type: \(type)"])
    }

    static func error(_ type: String, _ message: String) -> Data {
        (try? JSONSerialization.data(withJSONObject: ["errorType": type, "errorMessage": message], options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    private func request(_ method: String, path: String, body: Data?, headers: [String] = [],
                         onHeader: ((String) -> Void)? = nil) throws -> Data {
        var collected = Data()
        let status: Int
        do {
            let curl = try CurlEasy()
            try curl.set(CURLOPT_URL, "http://\(endpoint)\(path)", "URL")
            try curl.set(CURLOPT_PROTOCOLS_STR, "http", "PROTOCOLS_STR")
            if let body { try curl.setJSONBody(body) }
            try curl.setHeaders(["Content-Type: application/json"] + headers)
            curl.onHeader = { onHeader?($0) }
            curl.onBody = { collected.append(contentsOf: $0) }
            try curl.perform()
            status = curl.responseCode
        } catch {
            throw Failure.transport("\(method) \(path): \(error)")
        }
        guard (200..<300).contains(status) else { throw Failure.status(status, String(decoding: collected, as: UTF8.self)) }
        return collected
    }
}
