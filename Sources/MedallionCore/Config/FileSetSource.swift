import Foundation
import StateMachine

/// A source made of many files of one format: `source.urls`, `source.glob` or `source.index`,
/// with `on_file_error` and `max_concurrency`. Each run lists the files, fetches and hashes
/// them concurrently, and lands each as its own Bronze part file (docs/sources.md, "Many files").
public struct FileSetSource: Sendable, Equatable {
    /// How the run finds its files.
    public enum Selection: Sendable, Equatable {
        /// `urls`: the files, in this order.
        case urls([String])
        /// `glob`: `file:dir/name-*.csv` or `s3://bucket/prefix/*.csv`, matched files in key order.
        case glob(String)
        /// `index`: a JSON document fetched first; `path` (JSONPath) selects the file URLs, in
        /// document order; relative URLs resolve against the index URL.
        case index(url: String, path: String)
    }

    /// What a file that cannot be fetched or read does to the run.
    public enum OnFileError: String, Sendable, Equatable, CaseIterable {
        /// The run fails and publishes nothing (the default).
        case fail
        /// The file is recorded (URL and error) in the version's file list and left out.
        case skip
    }

    public var selection: Selection
    public var onFileError: OnFileError
    /// Most files fetched (and landed) at once.
    public var maxConcurrency: Int

    /// The keys this type reads from `source`.
    static let keys = ["urls", "glob", "index", "on_file_error", "max_concurrency"]

    /// The URL a run and a manifest version show for the source: the glob, the index URL, or
    /// the first of the `urls`.
    var displayURL: String {
        switch selection {
        case .urls(let urls): return urls.first ?? ""
        case .glob(let pattern): return pattern
        case .index(let url, _): return url
        }
    }

    /// Reads the file-set keys of `source`; nil when it has none of `urls`, `glob`, `index`.
    static func parse(_ object: inout StrictObject) throws -> FileSetSource? {
        let given = ["urls", "glob", "index"].filter { object.has($0) }
        guard let first = given.first else {
            for key in ["on_file_error", "max_concurrency"] where object.has(key) {
                throw object.fail(key, "only applies to many-file sources (urls, glob or index)")
            }
            return nil
        }
        guard given.count == 1, !object.has("url") else {
            throw object.fail(first, "give exactly one of url, urls, glob and index")
        }
        let selection: Selection
        switch first {
        case "urls":
            let urls = try object.strings("urls") ?? []
            guard !urls.isEmpty else { throw object.fail("urls", "must list at least one URL") }
            for (index, url) in urls.enumerated() {
                try checkScheme(url, key: "urls[\(index)]", object: object)
            }
            selection = .urls(urls)
        case "glob":
            let pattern = try object.requiredString("glob")
            do {
                _ = try SourceGlob(pattern)
            } catch {
                throw object.fail("glob", "\(error)")
            }
            selection = .glob(pattern)
        default:
            guard var index = try object.object("index") else { throw object.fail("index", "expected an object {\"url\", \"path\"}") }
            let url = try index.requiredString("url")
            try checkScheme(url, key: "url", object: index)
            let path = try index.requiredString("path")
            do {
                let parsed = try JSONPath(path)
                guard !parsed.isContextPath, parsed.variable == nil else {
                    throw index.fail("path", "'\(path)' must start with $ (the index document)")
                }
            } catch let error as ConfigError {
                throw error
            } catch {
                throw index.fail("path", "'\(path)' is not a JSONPath: \(error)")
            }
            try index.finish()
            selection = .index(url: url, path: path)
        }
        var onFileError = OnFileError.fail
        if let text = try object.string("on_file_error") {
            guard let parsed = OnFileError(rawValue: text) else {
                throw object.fail("on_file_error", "'\(text)' is not one of \(OnFileError.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            onFileError = parsed
        }
        let concurrency = try object.count("max_concurrency") ?? ProcessInfo.processInfo.activeProcessorCount
        guard concurrency >= 1 else { throw object.fail("max_concurrency", "must be at least 1") }
        return FileSetSource(selection: selection, onFileError: onFileError, maxConcurrency: concurrency)
    }

    /// The schemes a file of a file set may have (databases are tables, not files).
    static let schemes = ["file:", "http://", "https://", "s3://"]

    private static func checkScheme(_ url: String, key: String, object: StrictObject) throws {
        guard schemes.contains(where: { url.lowercased().hasPrefix($0) }) else {
            throw object.fail(key, "'\(url)' must start with file:, http://, https:// or s3://")
        }
    }
}
