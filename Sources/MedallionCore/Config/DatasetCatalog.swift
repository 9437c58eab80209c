import Foundation

/// The datasets declared under `datasets/`.
public struct DatasetCatalog: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Names of every `*.json` config, sorted.
    public func names() throws -> [String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw ConfigError.unreadable(file: directory.path, reason: "no datasets directory")
        }
        return entries.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
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

    /// Loads every dataset; the first invalid config stops with its error.
    public func loadAll() throws -> [DatasetConfig] {
        try names().map(load)
    }
}
