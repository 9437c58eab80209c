/// Why reading or committing a Delta table failed. Messages name the table (its lake URI) and
/// the version, and say what to do where something can be done.
public enum DeltaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The table has no `_delta_log/` commit at all.
    case noTable(table: String)
    /// A version that was never committed (`latest`: the newest there is).
    case noSuchVersion(table: String, version: Int64, latest: Int64)
    /// A commit file that is not valid Delta JSON, or a log with a hole in its versions.
    case corruptLog(table: String, version: Int64, reason: String)
    /// A table written with protocol features this reader does not implement.
    case unsupportedProtocol(table: String, minReaderVersion: Int, minWriterVersion: Int)
    /// A column Delta cannot hold as written (a name with characters Delta reserves, a nested type).
    case unsupportedColumn(table: String, column: String, reason: String)
    /// A data file that cannot be added: not Parquet, unreadable, or another schema than its siblings.
    case badDataFile(table: String, path: String, reason: String)
    /// Other writers took every version this writer tried.
    case commitConflict(table: String, version: Int64, attempts: Int)
    /// A version whose data files have been removed (vacuumed); it cannot be read or restored.
    case filesGone(table: String, version: Int64, missing: [String])

    public var description: String {
        switch self {
        case .noTable(let table):
            return "\(table) is not a Delta table (no commits under _delta_log/): run the dataset first"
        case .noSuchVersion(let table, let version, let latest):
            return "\(table) has no version \(version) (versions 0…\(latest))"
        case .corruptLog(let table, let version, let reason):
            return "\(table): Delta log version \(version) is unreadable: \(reason)"
        case .unsupportedProtocol(let table, let reader, let writer):
            return "\(table) needs Delta reader version \(reader) / writer version \(writer); medallion reads 1 and writes 2"
        case .unsupportedColumn(let table, let column, let reason):
            return "\(table): column '\(column)' cannot be a Delta column: \(reason)"
        case .badDataFile(let table, let path, let reason):
            return "\(table): data file \(path): \(reason)"
        case .commitConflict(let table, let version, let attempts):
            return "\(table): another writer committed each version tried (last \(version)) in \(attempts) attempts; "
                + "nothing was committed: is a second medallion writing this lake with another manifest?"
        case .filesGone(let table, let version, let missing):
            let shown = missing.prefix(3).joined(separator: ", ") + (missing.count > 3 ? ", …" : "")
            return "\(table) version \(version) was vacuumed: \(missing.count) of its files are gone (\(shown))"
        }
    }
}
