/// What a commit does, as its `commitInfo` tells readers (`DESCRIBE HISTORY`, delta-rs `history()`).
public enum DeltaOperation: Sendable, Equatable {
    /// A run's new partition replaces the table's files.
    case write
    /// The files of an earlier version replace the table's files (rollback).
    case restore(version: Int64)

    var name: String {
        switch self {
        case .write: return "WRITE"
        case .restore: return "RESTORE"
        }
    }

    var parameters: [String: String] {
        switch self {
        case .write: return ["mode": "Overwrite"]
        case .restore(let version): return ["version": String(version)]
        }
    }
}
