import Foundation

/// Every entry under a directory, hidden ones included, with its size and modification time.
/// Two equal snapshots mean nothing was created, changed or removed below it in between, not
/// even for a moment: creating or removing an entry changes its directory's modification time.
public enum DirectorySnapshot {
    public static func of(_ directory: URL) throws -> [String: String] {
        let manager = FileManager.default
        var entries: [String: String] = [:]
        for path in try manager.subpathsOfDirectory(atPath: directory.path) + [""] {
            let attributes = try manager.attributesOfItem(atPath: directory.appendingPathComponent(path).path)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            entries[path] = "\(attributes[.size] ?? "?") \(modified)"
        }
        return entries
    }
}
