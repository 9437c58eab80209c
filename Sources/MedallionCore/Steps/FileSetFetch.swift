import Foundation
import Lake
import Manifest
import StateMachine

/// FetchAndHash for a many-file source (`source.urls`, `glob`, `index`).
///
/// `FileSetHashing` lists, fetches and hashes the files; the run's source SHA-256 is that of
/// the file list, so it is unchanged exactly when every file's bytes, the file order and the
/// list are; that list is also the run's raw copy (`raw/<dataset>/ingest_date=…/<sha256>.sha256`).
/// Only a run that rebuilds Bronze lands the files, each as `<sha256>.<ext>` beside it; a file
/// whose raw copy an earlier version already holds is read from there, not landed again.
struct FileSetFetch {
    let context: StepContext
    let config: DatasetConfig
    let files: FileSetSource
    let check: ChangeCheck
    let store: any ManifestStore
    let lake: any ObjectStore
    let fetcher: SourceFetcher

    func run(executionName: String, force: Bool, fingerprint: String, fingerprints: LayerFingerprints) async throws -> FetchAndHashStep.Output {
        let staging = try context.stagingDirectory("fetch", dataset: config.name, lake: lake)
        defer { try? FileManager.default.removeItem(at: staging) }
        let dataset = config.name
        let progress = context.progress
        let hashing = try await FileSetHashing.run(files, dataset: dataset, root: context.environment.root,
                                                   environment: context.environment.variables, fetcher: fetcher, staging: staging,
                                                   downloaded: { progress.downloaded(dataset: dataset, bytes: $0, total: nil) }) {
            progress.note(dataset: dataset, $0)
        }
        let (urls, hashed, list, sha256, bytes) = (hashing.urls, hashing.files, hashing.list, hashing.sha256, hashing.bytes)

        let runId = try manifestCall {
            try store.identifyRun(executionName: executionName, runId: RunIdentifier.final(provisional: executionName, sha256: sha256),
                                  sourceSHA256: sha256)
        }
        context.environment.logger.info("run identified", metadata: [
            "execution": .string(executionName), "run_id": .string(runId), "sha256": .string(sha256),
        ])
        let plan = check.plan(sha256: sha256, notModified: false, force: force)
        let previous = check.previous
        let previousFiles = try previous.map { version in try manifestCall { try store.files(dataset: config.name, version: version.version) } } ?? []
        var sourceFiles = hashed.map { SourceFile(url: $0.url, sha256: $0.result?.sha256, bytes: $0.result?.bytes, error: $0.error) }

        var output = FetchAndHashStep.Output(
            runId: runId, sha256: sha256, bytes: bytes, changed: plan.recompute != .none, reason: plan.reason,
            rawKey: nil, rawURI: nil, fingerprint: fingerprint, etag: nil, lastModified: nil,
            ingestDate: RunIdentifier.ingestDate(runId: runId), sourceURL: Redaction.redact(config.source.url),
            notModified: false, recompute: plan.recompute, fingerprints: fingerprints, goldTables: plan.goldTables,
            previousRunId: previous?.runId, watermark: nil)
        switch plan.recompute {
        case .none:
            context.progress.note(dataset: config.name, "\(urls.count) files unchanged (sha256 of the list \(sha256.prefix(12))…): nothing to do")
        case .gold:
            // Same files: the previous version's raw copies and Bronze stand for this run too.
            output.rawURI = previous?.rawURI
            output.rawKey = previous.flatMap { FetchAndHashStep.key(of: $0.rawURI, in: lake) }
            for index in sourceFiles.indices {
                let earlier = previousFiles.first { $0.position == index && $0.sha256 == sourceFiles[index].sha256 }
                sourceFiles[index].rawURI = earlier?.rawURI
                sourceFiles[index].rawKey = earlier?.rawURI.flatMap { FetchAndHashStep.key(of: $0, in: lake) }
                sourceFiles[index].rows = earlier?.rows
            }
            context.progress.note(dataset: config.name, "\(urls.count) files unchanged; \(plan.reason): rebuilding Gold only")
        case .all:
            let ingestDate = RunIdentifier.ingestDate(runId: executionName)
            let landed = try await land(hashed, urls: urls, previousFiles: previousFiles, ingestDate: ingestDate, staging: staging)
            for index in sourceFiles.indices where landed[index] != nil {
                sourceFiles[index].rawKey = landed[index]
                sourceFiles[index].rawURI = landed[index].map(lake.uri(for:))
            }
            let listKey = "raw/\(config.name)/ingest_date=\(ingestDate)/\(sha256).sha256"
            try await context.storage("writing \(lake.uri(for: listKey))") { try await lake.put(key: listKey, bytes: Array(list.utf8)) }
            CrashPoint.reach("fetch.raw-written")
            output.rawKey = listKey
            output.rawURI = lake.uri(for: listKey)
            context.progress.note(dataset: config.name, "fetched \(urls.count) files, \(bytes) bytes, sha256 of the list \(sha256.prefix(12))…, \(plan.reason)")
        }
        output.files = sourceFiles
        return output
    }

    /// Lands every file that hashed (in parallel, bounded) and returns each one's raw key.
    /// A raw copy with the same SHA-256 and size already in the lake (an earlier version's,
    /// or a same-day rerun's) is reused; a local file is copied now, and only if it still has
    /// the bytes it hashed to.
    private func land(_ hashed: [FileSetHashing.File], urls: [String], previousFiles: [SourceFileRecord], ingestDate: String,
                      staging: URL) async throws -> [String?] {
        let lake = self.lake
        let fetcher = self.fetcher
        let dataset = config.name
        let format = config.source.format
        let earlierKeys: [String: String] = Dictionary(previousFiles.compactMap { file in
            guard let sha = file.sha256, let uri = file.rawURI, let key = FetchAndHashStep.key(of: uri, in: lake),
                  key.hasPrefix("raw/\(dataset)/") else { return nil }
            return (sha, key)
        }, uniquingKeysWith: { first, _ in first })
        let items = Array(zip(hashed, urls))
        return try await BoundedConcurrency.map(items, limit: files.maxConcurrency) { index, item -> String? in
            let (file, url) = item
            guard let result = file.result else { return nil }
            if let earlier = earlierKeys[result.sha256], try await lake.head(key: earlier)?.size == result.bytes {
                return earlier
            }
            let key = "raw/\(dataset)/ingest_date=\(ingestDate)/\(result.sha256).\(FetchAndHashStep.rawExtension(url, format: format))"
            if try await lake.head(key: key)?.size == result.bytes { return key }
            var staged = file.staged
            if staged == nil {
                let copy = staging.appendingPathComponent("file-\(index)")
                do {
                    _ = try await fetcher.fetch(url, to: copy, conditional: nil, expectedSHA256: result.sha256, progress: { _ in })
                } catch let error as FetchError {
                    throw TaskFailure(error: FetchAndHashStep.errorName(error), cause: "\(dataset): \(error.description)")
                }
                staged = copy
            }
            if let staged {
                do {
                    try await lake.put(key: key, movingFileAt: staged)
                } catch {
                    throw TaskFailure(error: StepError.storageFailed, cause: "\(dataset): writing \(lake.uri(for: key)): \(error)")
                }
            }
            return key
        }
    }

    private func manifestCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }
}
