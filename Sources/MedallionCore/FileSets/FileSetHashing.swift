import Crypto
import Foundation
import Lake
import StateMachine

/// The first half of a many-file fetch, shared by FetchAndHash and `run --dry-run`: lists the
/// files, fetches and hashes them concurrently (at most `max_concurrency` at once; a local file
/// is hashed where it lies, a remote one downloaded into `staging`), and names the set by the
/// SHA-256 of its list in `sha256sum` form (`<sha256>  <url>` per line; a file that failed
/// as `-  <url>`). With `on_file_error: "fail"` the first failed file fails the whole.
struct FileSetHashing: Sendable {
    /// One file after hashing: its result, or why it failed.
    struct File: Sendable {
        /// The URL, redacted.
        var url: String
        var result: FetchResult?
        /// The downloaded copy (remote files); local files are copied only when landed.
        var staged: URL?
        var error: String?
        /// The step error a failure maps to (`Medallion.SourceNotFound`, …).
        var errorName: String?
    }

    /// The URLs as listed (not redacted: they are fetched again when landed).
    let urls: [String]
    let files: [File]
    /// The list the SHA-256 is taken of (the run's raw copy).
    let list: String
    let sha256: String
    /// Bytes of every file hashed.
    let bytes: Int64

    static func run(_ source: FileSetSource, dataset: String, root: URL, environment: [String: String],
                    fetcher: SourceFetcher, staging: URL, downloaded: @escaping @Sendable (Int64) -> Void = { _ in },
                    note: (String) -> Void) async throws -> FileSetHashing {
        let listing = FileSetListing(root: root, environment: environment, fetcher: fetcher)
        let urls: [String]
        do {
            urls = try await listing.urls(source) { staging }
        } catch let error as FetchError {
            throw TaskFailure(error: FetchAndHashStep.errorName(error), cause: "\(dataset): source.index: \(error.description)")
        } catch let error as FileSetError {
            throw TaskFailure(error: StepError.sourceFailed, cause: "\(dataset): \(error.description)")
        } catch let error as SourceGlob.Invalid {
            throw TaskFailure(error: StepError.configInvalid, cause: "\(dataset): source.glob: \(error.description)")
        }
        note("\(urls.count) source file\(urls.count == 1 ? "" : "s"), fetching \(min(source.maxConcurrency, urls.count)) at a time")
        let progress = FileSetProgress(report: downloaded)
        let files = try await BoundedConcurrency.map(urls, limit: source.maxConcurrency) { index, url -> File in
            let shown = Redaction.redact(url)
            do {
                if let inPlace = try await fetcher.hashInPlace(url, progress: progress.callback(file: index)) {
                    return File(url: shown, result: inPlace)
                }
                let file = staging.appendingPathComponent("file-\(index)")
                let result = try await fetcher.fetch(url, to: file, conditional: nil, progress: progress.callback(file: index))
                return File(url: shown, result: result, staged: file)
            } catch let error as FetchError {
                return File(url: shown, error: error.description, errorName: FetchAndHashStep.errorName(error))
            } catch {
                return File(url: shown, error: "fetching \(shown): \(error)", errorName: StepError.sourceFailed)
            }
        }
        if source.onFileError == .fail, let (position, bad) = files.enumerated().first(where: { $0.element.error != nil }) {
            throw TaskFailure(error: bad.errorName ?? StepError.sourceFailed,
                              cause: "\(dataset): file \(position + 1) of \(files.count) (\(bad.url)): \(bad.error ?? "failed")"
                                     + " (source.on_file_error: \"skip\" leaves such a file out)")
        }
        guard files.contains(where: { $0.result != nil }) else {
            throw TaskFailure(error: files.first?.errorName ?? StepError.sourceFailed,
                              cause: "\(dataset): none of the \(files.count) files could be fetched; the first: \(files.first?.error ?? "-")")
        }
        for bad in files where bad.error != nil {
            note("skipping \(bad.url): \(bad.error ?? "")")
        }
        let list = files.map { "\($0.result?.sha256 ?? "-")  \($0.url)\n" }.joined()
        return FileSetHashing(urls: urls, files: files, list: list, sha256: SHA256.hash(data: Data(list.utf8)).hexString,
                              bytes: files.reduce(Int64(0)) { $0 + ($1.result?.bytes ?? 0) })
    }
}
