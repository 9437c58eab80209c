import Foundation

/// A source location, classified by scheme.
enum SourceURL: Equatable {
    case http(String)
    case file(path: String)
    case s3(bucket: String, key: String)

    /// `file:` URLs may be absolute (`file:///a/b`, `file:/a/b`) or relative to `base`
    /// (`file:data/x.csv`); a bare path is treated like a `file:` URL.
    static func parse(_ text: String, base: URL) throws -> SourceURL {
        let lower = text.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            return .http(text)
        }
        if lower.hasPrefix("s3://") {
            let rest = text.dropFirst(5)
            guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex else {
                throw FetchError.unsupportedURL(Redaction.redact(text))
            }
            let key = String(rest[rest.index(after: slash)...])
            guard !key.isEmpty else { throw FetchError.unsupportedURL(Redaction.redact(text)) }
            return .s3(bucket: String(rest[..<slash]), key: key)
        }
        var path: Substring
        if lower.hasPrefix("file://") {
            path = text.dropFirst(7)
            // file://host/path: only an empty host or localhost names this machine.
            if !path.hasPrefix("/") {
                guard let slash = path.firstIndex(of: "/"), path[..<slash].lowercased() == "localhost" else {
                    throw FetchError.unsupportedURL(Redaction.redact(text))
                }
                path = path[slash...]
            }
        } else if lower.hasPrefix("file:") {
            path = text.dropFirst(5)
        } else if text.contains("://") {
            throw FetchError.unsupportedURL(Redaction.redact(text))
        } else {
            return .file(path: resolve(String(text), base: base))
        }
        let decoded = path.removingPercentEncodingLenientKeepingPlus()
        return .file(path: resolve(decoded, base: base))
    }

    private static func resolve(_ path: String, base: URL) -> String {
        if path.hasPrefix("/") { return path }
        return base.appendingPathComponent(path).standardizedFileURL.path
    }
}

extension Substring {
    /// Percent-decoding for URL paths, where `+` is a literal plus.
    func removingPercentEncodingLenientKeepingPlus() -> String {
        String(self).removingPercentEncoding ?? String(self)
    }
}
