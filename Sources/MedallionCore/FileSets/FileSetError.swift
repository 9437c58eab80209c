import Foundation

/// Why a many-file source could not be listed (each names the pattern or index URL, redacted).
public enum FileSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The glob matched no file.
    case noMatch(glob: String)
    /// The directory or bucket of a glob could not be listed.
    case listingFailed(glob: String, reason: String)
    /// The index document is not JSON (or too large to hold).
    case indexUnreadable(url: String, reason: String)
    /// The JSONPath selected nothing in the index.
    case indexSelectsNothing(url: String, path: String)
    /// A selected value is not a string, or not a URL the fetcher reads.
    case indexEntryInvalid(url: String, path: String, position: Int, reason: String)

    public var description: String {
        switch self {
        case .noMatch(let glob):
            return "source.glob '\(glob)' matches no file"
        case .listingFailed(let glob, let reason):
            return "source.glob '\(glob)': cannot list: \(reason)"
        case .indexUnreadable(let url, let reason):
            return "source.index \(url): \(reason)"
        case .indexSelectsNothing(let url, let path):
            return "source.index \(url): '\(path)' selects no file URL"
        case .indexEntryInvalid(let url, let path, let position, let reason):
            return "source.index \(url): value \(position + 1) selected by '\(path)' \(reason)"
        }
    }
}
