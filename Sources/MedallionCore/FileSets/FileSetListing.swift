import Foundation
import Lake
import StateMachine

/// The file URLs of a many-file source for this run, in order: `urls` as written, a glob's
/// matches in byte order of their names (keys), or the URLs an index document selects.
struct FileSetListing {
    /// Relative `file:` paths resolve against it (the project root).
    let root: URL
    let environment: [String: String]
    let fetcher: SourceFetcher
    /// Largest index document read (it is parsed whole).
    static let maxIndexBytes: Int64 = 256 << 20

    /// Lists the files; `scratch` is a directory the index document may be fetched into.
    func urls(_ files: FileSetSource, scratch: () throws -> URL) async throws -> [String] {
        switch files.selection {
        case .urls(let urls):
            return urls
        case .glob(let text):
            let glob = try SourceGlob(text)
            let matched = try await candidates(glob).filter(glob.matches)
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            guard !matched.isEmpty else { throw FileSetError.noMatch(glob: Redaction.redact(text)) }
            return matched.map(glob.url(of:))
        case .index(let url, let path):
            let redacted = Redaction.redact(url)
            let file = try scratch().appendingPathComponent("index.json")
            let fetched = try await fetcher.fetch(url, to: file, conditional: nil, progress: { _ in })
            guard fetched.bytes <= Self.maxIndexBytes else {
                throw FileSetError.indexUnreadable(url: redacted, reason: "\(fetched.bytes) bytes; an index is read whole and may hold at most \(Self.maxIndexBytes)")
            }
            let document: JSONValue
            do {
                document = try JSONValue(parsing: try Data(contentsOf: file))
            } catch {
                throw FileSetError.indexUnreadable(url: redacted, reason: "not JSON: \(error)")
            }
            try? FileManager.default.removeItem(at: file)
            return try IndexSelection.urls(in: document, path: path, indexURL: url)
        }
    }

    /// File names in the glob's directory, or keys under its S3 prefix.
    private func candidates(_ glob: SourceGlob) async throws -> [String] {
        let shown = Redaction.redact(glob.text)
        switch glob.location {
        case .directory(let directory):
            let path = directory.hasPrefix("/") ? directory : root.appendingPathComponent(directory).standardizedFileURL.path
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw FileSetError.listingFailed(glob: shown, reason: "\(path): \((error as NSError).localizedDescription)")
            }
            return names.filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
            }
        case .s3(let bucket, let listPrefix):
            do {
                let store = try ObjectStores.open("s3://\(bucket)", environment: environment)
                return try await store.list(prefix: listPrefix).map(\.key)
            } catch {
                throw FileSetError.listingFailed(glob: shown, reason: Redaction.redactURLs(in: "\(error)"))
            }
        }
    }
}
