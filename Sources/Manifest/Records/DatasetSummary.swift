/// A dataset the manifest knows, with its latest run and version.
public struct DatasetSummary: Sendable, Codable, Equatable {
    public var name: String
    public var configPath: String
    public var lastRun: RunRecord?
    public var currentVersion: ManifestVersion?
}
