/// Manifest store failures, phrased for the person running the command.
public enum ManifestError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case databaseFailure(path: String, reason: String)
    case unknownRun(String)
    /// A run with this execution name or run id is already recorded.
    case runExists(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open manifest database \(path): \(reason)"
        case .databaseFailure(let path, let reason): return "manifest database \(path): \(reason)"
        case .unknownRun(let id): return "no run \(id) in the manifest (see `medallion runs`)"
        case .runExists(let id): return "a run named \(id) is already in the manifest; start the run under another id"
        }
    }
}
