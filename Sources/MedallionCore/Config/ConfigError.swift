/// A dataset config problem, naming the file and the key path so a typo is easy to find.
public enum ConfigError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case invalidJSON(file: String, reason: String)
    case invalid(file: String, keyPath: String, message: String)
    case unknownDataset(String, directory: String)
    /// A name that cannot be a dataset (it would name a file outside `datasets/`).
    case invalidDatasetName(String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read: \(reason)"
        case .invalidJSON(let file, let reason): return "\(file): not valid JSON: \(reason)"
        case .invalid(let file, let keyPath, let message): return "\(file): \(keyPath): \(message)"
        case .unknownDataset(let name, let directory):
            return "no dataset '\(name)': expected \(directory)/\(name).json (see `medallion datasets`)"
        case .invalidDatasetName(let name):
            return "'\(name)' is not a dataset name: names match \(DatasetConfig.namePattern) (see `medallion datasets`)"
        }
    }
}
