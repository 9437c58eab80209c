import Foundation

/// `notify` in a dataset config (or in `datasets/_defaults.json` for every dataset): webhook
/// URLs per run event. A dataset's own list for an event replaces the default one.
public struct NotifyConfig: Sendable, Equatable {
    /// What a webhook is told about.
    public enum Event: String, Sendable, CaseIterable, Codable {
        case failed, succeeded
        /// A run succeeded but a `warn` expectation failed for some rows, or rows were quarantined.
        case qualityWarning = "quality_warning"
        /// The first good run after a failed one.
        case recovered
    }

    public var webhooks: [Event: [String]]

    public init(webhooks: [Event: [String]] = [:]) { self.webhooks = webhooks }

    static func parse(_ object: inout StrictObject) throws -> NotifyConfig {
        var webhooks: [Event: [String]] = [:]
        for event in Event.allCases {
            guard let urls = try object.stringOrStrings(event.rawValue) else { continue }
            for (index, url) in urls.enumerated() {
                let lower = url.lowercased()
                guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), URL(string: url)?.host != nil else {
                    throw object.fail("\(event.rawValue)[\(index)]", "expected an http:// or https:// webhook URL")
                }
            }
            webhooks[event] = urls
        }
        try object.finish()
        return NotifyConfig(webhooks: webhooks)
    }

    /// The dataset's list for each event where it has one, the defaults' otherwise.
    func over(_ defaults: NotifyConfig?) -> NotifyConfig {
        NotifyConfig(webhooks: (defaults?.webhooks ?? [:]).merging(webhooks) { _, own in own })
    }
}
