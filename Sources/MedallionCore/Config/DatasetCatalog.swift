import Foundation

/// The datasets declared under `datasets/`.
public struct DatasetCatalog: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Settings every dataset shares: `datasets/_defaults.json`.
    public static let defaultsFile = "_defaults.json"

    /// Names of every `*.json` config, sorted (`_defaults.json` and other `_` files are not datasets).
    public func names() throws -> [String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigError.unreadable(file: directory.path, reason: "no datasets directory")
        }
        return entries.filter { $0.hasSuffix(".json") && !$0.hasPrefix("_") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads and validates one dataset by name.
    public func load(_ name: String) throws -> DatasetConfig {
        // The name becomes a file path: `../x` must not reach a JSON file outside `datasets/`.
        guard name.matchesEntirely(DatasetConfig.namePattern) else {
            throw ConfigError.invalidDatasetName(name)
        }
        let path = directory.appendingPathComponent("\(name).json").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError.unknownDataset(name, directory: directory.path)
        }
        return try DatasetConfig.load(path: path)
    }

    /// The `notify` of `datasets/_defaults.json`, nil when there is no such file.
    public func notifyDefaults() throws -> NotifyConfig? {
        let path = directory.appendingPathComponent(Self.defaultsFile).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError.unreadable(file: path, reason: "permission denied") }
        return try Self.parseDefaults(data, file: path)
    }

    /// `_defaults.json`: `{"notify": {…}}` and nothing else.
    static func parseDefaults(_ data: Data, file: String) throws -> NotifyConfig? {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigError.invalidJSON(file: file, reason: "\(error)")
        }
        var root = try StrictObject(json, file: file, path: "")
        var notify: NotifyConfig?
        if var object = try root.object("notify") { notify = try NotifyConfig.parse(&object) }
        try root.finish()
        return notify
    }

    /// A dataset's webhooks: its own per event, else those of `_defaults.json`.
    public func webhooks(of config: DatasetConfig) throws -> NotifyConfig {
        (config.notify ?? NotifyConfig()).over(try notifyDefaults())
    }

    /// Loads every dataset; the first invalid config stops with its error.
    public func loadAll() throws -> [DatasetConfig] {
        try names().map(load)
    }
}
