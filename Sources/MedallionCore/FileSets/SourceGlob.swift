import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `source.glob` pattern, split into where to list and what to match.
///
/// `file:data/claims-*.ndjson.gz`: the directory (`data`, relative to the project root unless
/// absolute) is listed and its regular files' names are matched against the last segment;
/// wildcards in directory names are refused. `s3://bucket/prefix/*.csv`: the bucket is listed
/// under the literal prefix before the first wildcard and whole keys are matched. Matching is
/// POSIX `fnmatch` with `FNM_PATHNAME`: `*` and `?` never match a `/`, `[a-z]` is a class.
public struct SourceGlob: Sendable, Equatable {
    /// Where the candidates come from.
    public enum Location: Sendable, Equatable {
        /// A local directory (as written after `file:`).
        case directory(String)
        /// An S3 bucket listed under `listPrefix`.
        case s3(bucket: String, listPrefix: String)
    }

    /// The pattern as written.
    public let text: String
    public let location: Location
    /// Matched against a file name (local) or a whole key (S3).
    public let pattern: String

    /// Why a glob cannot be used.
    public enum Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        case scheme(String)
        case noWildcard(String)
        case wildcardInDirectory(String)
        case noBucket(String)

        public var description: String {
            switch self {
            case .scheme(let text): return "'\(text)' must start with file: or s3:// (HTTP has no listing)"
            case .noWildcard(let text): return "'\(text)' has no wildcard (*, ? or [...]); use url for one file"
            case .wildcardInDirectory(let text): return "'\(text)': a local glob matches file names in one directory; wildcards in directory names are not supported"
            case .noBucket(let text): return "'\(text)' names no bucket (s3://bucket/prefix/*.csv)"
            }
        }
    }

    /// Parses `text`; throws when it is not a file: or s3:// pattern with a wildcard.
    public init(_ text: String) throws(Invalid) {
        self.text = text
        let lower = text.lowercased()
        if lower.hasPrefix("s3://") {
            let rest = text.dropFirst(5)
            let bucket = String(rest.prefix { $0 != "/" })
            let key = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
            guard !bucket.isEmpty, !key.isEmpty else { throw .noBucket(text) }
            guard let wildcard = key.firstIndex(where: Self.isWildcard) else { throw .noWildcard(text) }
            location = .s3(bucket: bucket, listPrefix: String(key[..<wildcard]))
            pattern = key
        } else if lower.hasPrefix("file:") {
            var path = String(text.dropFirst(5))
            if path.hasPrefix("//") { path.removeFirst(2) }
            let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            let name = String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
            guard !directory.contains(where: Self.isWildcard) else { throw .wildcardInDirectory(text) }
            guard name.contains(where: Self.isWildcard) else { throw .noWildcard(text) }
            location = .directory(directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory)
            pattern = name
        } else {
            throw .scheme(text)
        }
    }

    /// Whether `candidate` (a file name, or a whole S3 key) matches.
    public func matches(_ candidate: String) -> Bool {
        fnmatch(pattern, candidate, FNM_PATHNAME) == 0
    }

    /// The source URL of a matched file name or key, in the form the glob was written in.
    public func url(of candidate: String) -> String {
        switch location {
        case .directory(let directory):
            let prefix = text.lowercased().hasPrefix("file://") ? "file://" : "file:"
            if directory == "." && !text.dropFirst(prefix.count).hasPrefix("./") { return prefix + candidate }
            return prefix + (directory == "/" ? "/" : directory + "/") + candidate
        case .s3(let bucket, _):
            return "s3://\(bucket)/\(candidate)"
        }
    }

    private static func isWildcard(_ character: Character) -> Bool {
        character == "*" || character == "?" || character == "["
    }
}
