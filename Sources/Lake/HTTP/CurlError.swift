import CCurl

/// A libcurl failure, described in libcurl's words.
public enum CurlError: Error, CustomStringConvertible, Equatable {
    case initFailed
    case option(String, code: Int)
    case transfer(code: Int, message: String)

    public var description: String {
        switch self {
        case .initFailed: return "libcurl could not create a transfer handle"
        case .option(let name, let code): return "libcurl rejected option \(name) (code \(code))"
        case .transfer(let code, let message): return "transfer failed: \(message) (curl code \(code))"
        }
    }

    /// True for failures of the network or the peer that a later attempt may not see.
    public var isTransient: Bool {
        guard case .transfer(let code, _) = self else { return false }
        let transient: [CURLcode] = [
            CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT,
            CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING,
            CURLE_SSL_CONNECT_ERROR,
        ]
        return transient.contains { Int($0.rawValue) == code }
    }
}
