/// Why `rollback`, `vacuum` or `catalog` refused: bad usage or a state of the manifest that
/// does not allow it (exit 2), phrased with what to do instead.
public enum TableCommandError: Error, CustomStringConvertible, Equatable {
    case invalidDataset(String)
    case noVersions(dataset: String)
    case noSuchVersion(dataset: String, version: Int, current: Int)
    case notEarlier(dataset: String, version: Int, current: Int)
    case vacuumed(dataset: String, version: Int)
    case invalidKeep(Int)

    public var description: String {
        switch self {
        case .invalidDataset(let name):
            return "'\(name)' is not a dataset name (\(DatasetConfig.namePattern))"
        case .noVersions(let dataset):
            return "'\(dataset)' has no manifest version yet: run `medallion run \(dataset)` first"
        case .noSuchVersion(let dataset, let version, let current):
            return "'\(dataset)' has no version \(version) (versions 1…\(current); see `medallion manifest \(dataset) --history`)"
        case .notEarlier(let dataset, let version, let current):
            return version == current
                ? "version \(version) is already the current version of '\(dataset)'"
                : "'\(dataset)' cannot roll back to version \(version): only versions before the current \(current) can be restored"
        case .vacuumed(let dataset, let version):
            return "version \(version) of '\(dataset)' was vacuumed: its files are gone and it cannot be restored"
        case .invalidKeep(let keep):
            return "--keep must be at least 1 (the current version is always kept), not \(keep)"
        }
    }
}
