import Foundation
import Lake

/// Keeps credentials out of log lines: URLs lose their user-info and secret query values
/// (`Redaction`), and the values of secret-looking environment variables
/// (`AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `*TOKEN*`, `*PASSWORD*`, …) become `REDACTED`
/// wherever they appear, in case an error message quotes one.
struct SecretMask: Sendable {
    /// Longest first, so a secret containing another is replaced whole.
    let secrets: [String]

    /// Variable names (upper-cased) whose values are secrets wherever they are.
    static let secretNames: Set<String> = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]
    static let secretWords = ["SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY", "APIKEY"]
    /// Shorter values would mask ordinary words and numbers.
    static let minimumLength = 6

    init(secrets: [String]) {
        self.secrets = Set(secrets.filter { $0.count >= Self.minimumLength }).sorted { $0.count > $1.count }
    }

    init(environment: [String: String]) {
        self.init(secrets: environment.compactMap { name, value in
            let upper = name.uppercased()
            return Self.secretNames.contains(upper) || Self.secretWords.contains(where: upper.contains) ? value : nil
        })
    }

    func apply(_ text: String) -> String {
        var masked = Redaction.redactURLs(in: text)
        for secret in secrets where masked.contains(secret) {
            masked = masked.replacingOccurrences(of: secret, with: "REDACTED")
        }
        return masked
    }
}
