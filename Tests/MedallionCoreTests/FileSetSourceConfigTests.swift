import Foundation
import Testing
@testable import MedallionCore

/// `source.urls`, `glob`, `index` and their settings: parsed strictly, one way of naming files at a time.
@Suite struct FileSetSourceConfigTests {
    private func parse(_ source: String) throws -> SourceConfig {
        let json = #"{"dataset": "d", "source": \#(source)}"#
        return try DatasetConfig.parse(Array(json.utf8), file: "datasets/d.json").source
    }

    private func problem(_ source: String) -> String {
        do {
            _ = try parse(source)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func eachWayOfNamingFilesParses() throws {
        let urls = try parse(#"{"urls": ["file:a.csv", "https://h/b.csv"], "format": "csv", "max_concurrency": 3, "on_file_error": "skip"}"#)
        #expect(urls.files == FileSetSource(selection: .urls(["file:a.csv", "https://h/b.csv"]), onFileError: .skip, maxConcurrency: 3))
        #expect(urls.url == "file:a.csv")
        let glob = try parse(#"{"glob": "file:data/claims-*.ndjson.gz", "format": "ndjson"}"#)
        #expect(glob.files?.selection == .glob("file:data/claims-*.ndjson.gz"))
        #expect(glob.files?.onFileError == .fail)
        #expect(glob.files?.maxConcurrency == ProcessInfo.processInfo.activeProcessorCount)
        let index = try parse(#"{"index": {"url": "http://h/index.json", "path": "$.a[*].location"}, "format": "json"}"#)
        #expect(index.files?.selection == .index(url: "http://h/index.json", path: "$.a[*].location"))
    }

    @Test func mistakesAreConfigErrors() {
        #expect(problem(#"{"url": "file:a.csv", "glob": "file:*.csv", "format": "csv"}"#).contains("exactly one of url, urls, glob and index"))
        #expect(problem(#"{"urls": [], "format": "csv"}"#).contains("at least one URL"))
        #expect(problem(#"{"urls": ["sqlite:x.db"], "format": "csv"}"#).contains("urls[0]"))
        #expect(problem(#"{"glob": "file:data/a.csv", "format": "csv"}"#).contains("has no wildcard"))
        #expect(problem(#"{"glob": "file:*.csv", "format": "csv", "on_file_error": "ignore"}"#).contains("'ignore' is not one of fail, skip"))
        #expect(problem(#"{"glob": "file:*.csv", "format": "csv", "max_concurrency": 0}"#).contains("at least 1"))
        #expect(problem(#"{"url": "file:a.csv", "format": "csv", "max_concurrency": 2}"#).contains("only applies to many-file sources"))
        #expect(problem(#"{"index": {"url": "file:i.json", "path": "reporting"}, "format": "json"}"#).contains("source.index.path"))
        #expect(problem(#"{"index": {"url": "file:i.json", "path": "$.a", "extra": 1}, "format": "json"}"#).contains("extra"))
    }
}

/// `max_concurrency` changes how files are fetched, not what lands: it leaves the Bronze
/// fingerprint alone, while the file selection and `on_file_error` do not.
@Suite struct FileSetFingerprintTests {
    private func bronze(_ source: String) throws -> String {
        let json = #"{"dataset": "d", "source": \#(source)}"#
        return try DatasetConfig.parse(Array(json.utf8), file: "datasets/d.json").layerFingerprints(stateMachineBytes: []).bronze
    }

    @Test func onlyMaxConcurrencyIsLeftOut() throws {
        let plain = try bronze(#"{"glob": "file:d/*.csv", "format": "csv"}"#)
        #expect(try bronze(#"{"glob": "file:d/*.csv", "format": "csv", "max_concurrency": 7}"#) == plain)
        #expect(try bronze(#"{"glob": "file:d/*.csv", "format": "csv", "on_file_error": "skip"}"#) != plain)
        #expect(try bronze(#"{"glob": "file:e/*.csv", "format": "csv"}"#) != plain)
    }
}
