import Foundation
import Lake
import StateMachine

/// The file URLs a `source.index` document lists: the strings its JSONPath selects (MRF index
/// shape: `$.reporting_structure[*].in_network_files[*].location`), in document order, with
/// relative URLs resolved against the index URL. A URL selected twice is kept once (an MRF
/// index repeats a file under every plan that uses it).
public enum IndexSelection {
    /// Selects and resolves; `indexURL` is the URL the index was fetched from (errors show it redacted).
    public static func urls(in document: JSONValue, path: String, indexURL base: String) throws -> [String] {
        let indexURL = Redaction.redact(base)
        let parsed: JSONPath
        do {
            parsed = try JSONPath(path)
        } catch {
            throw FileSetError.indexUnreadable(url: indexURL, reason: "'\(path)' is not a JSONPath: \(error)")
        }
        var seen = Set<String>()
        var urls: [String] = []
        for (position, value) in parsed.values(in: document).enumerated() {
            guard let text = value.stringValue, !text.isEmpty else {
                throw FileSetError.indexEntryInvalid(url: indexURL, path: path, position: position,
                                                     reason: "is not a non-empty string: \(String(value.serialized().prefix(80)))")
            }
            let resolved = resolve(text, against: base)
            guard FileSetSource.schemes.contains(where: { resolved.lowercased().hasPrefix($0) }) else {
                throw FileSetError.indexEntryInvalid(url: indexURL, path: path, position: position,
                                                     reason: "resolves to '\(resolved)', not a file:, http(s):// or s3:// URL")
            }
            if seen.insert(resolved).inserted { urls.append(resolved) }
        }
        guard !urls.isEmpty else { throw FileSetError.indexSelectsNothing(url: indexURL, path: path) }
        return urls
    }

    /// `reference` as an absolute URL: unchanged when it has a scheme; otherwise relative to
    /// `base` as a browser resolves it (`/x` from the host's root, `x` and `../x` from the
    /// index's directory).
    public static func resolve(_ reference: String, against base: String) -> String {
        if let colon = reference.firstIndex(of: ":"),
           reference[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
           reference[..<colon].first?.isLetter == true {
            return reference
        }
        let lower = base.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://"),
           let baseURL = URL(string: base), let resolved = URL(string: reference, relativeTo: baseURL) {
            return resolved.absoluteURL.absoluteString
        }
        // file: and s3:// have no host-relative form that Foundation resolves the way users mean:
        // join with the index's directory, then fold `.` and `..` segments.
        let schemeEnd = lower.hasPrefix("s3://") ? 5 : (lower.hasPrefix("file://") ? 7 : (lower.hasPrefix("file:") ? 5 : 0))
        let scheme = String(base.prefix(schemeEnd))
        var path = String(base.dropFirst(schemeEnd).split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        if let slash = path.lastIndex(of: "/") { path = String(path[...slash]) } else { path = "" }
        if reference.hasPrefix("/") && !lower.hasPrefix("s3://") { return scheme + reference }
        var segments: [Substring] = []
        let absolute = path.hasPrefix("/")
        for segment in (path + reference).split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == "..", let last = segments.last, last != ".." {
                // An S3 bucket (the first segment) is never left.
                if lower.hasPrefix("s3://") && segments.count == 1 { continue }
                segments.removeLast()
                continue
            }
            segments.append(segment)
        }
        return scheme + (absolute ? "/" : "") + segments.joined(separator: "/")
    }
}
