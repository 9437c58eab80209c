/// Pipeline failures outside any single step, phrased for the person running the command.
public enum PipelineError: Error, CustomStringConvertible, Equatable {
    /// Another run of the dataset holds its lock (exit 2).
    case datasetBusy(String)
    case lockUnavailable(dataset: String, path: String, reason: String)
    case invalidStateMachine(file: String, problems: [String])
    case stateMachineUnreadable(file: String)
    case unknownRun(String)
    case notResumable(runId: String, reason: String)

    public var description: String {
        switch self {
        case .datasetBusy(let name):
            return "dataset '\(name)' is busy: another medallion run holds its lock; try again when it finishes"
        case .lockUnavailable(let name, let path, let reason):
            return "cannot lock dataset '\(name)' at \(path): \(reason)"
        case .invalidStateMachine(let file, let problems):
            return "\(file) is not a valid state machine:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        case .stateMachineUnreadable(let file):
            return "cannot read state machine \(file)"
        case .unknownRun(let id):
            return "no run '\(id)' in the manifest (see `medallion runs`)"
        case .notResumable(let id, let reason):
            return "run \(id) cannot be resumed: \(reason)"
        }
    }
}
