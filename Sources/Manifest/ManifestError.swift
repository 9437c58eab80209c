/// Manifest store failures, phrased for the person running the command.
public enum ManifestError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open manifest database \(path): \(reason)"
        }
    }
}
