import Foundation
import Lake
import Manifest
import StateMachine

/// What every step can reach: configs, the lake and the manifest. Steps keep no state between
/// invocations (DESIGN.md, Scale-out path): everything durable is in the lake or the manifest.
struct StepContext: Sendable {
    let environment: PipelineEnvironment
    let progress: any ProgressSink

    func config(_ dataset: String) throws -> DatasetConfig {
        do {
            var config = try DatasetCatalog(directory: environment.datasetsDirectory).load(dataset)
            config.source.sampleRecords = environment.sampleRecords
            return config
        } catch let error as ConfigError {
            throw TaskFailure(error: StepError.configInvalid, cause: error.description)
        }
    }

    /// The state-machine definition bytes a dataset runs (part of the fingerprint).
    func stateMachineBytes(for config: DatasetConfig) throws -> [UInt8] {
        let url = environment.path(config.stateMachine)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TaskFailure(error: StepError.configInvalid,
                              cause: "\(config.file): state_machine: cannot read \(config.stateMachine)")
        }
        return [UInt8](data)
    }

    func manifest() throws -> any ManifestStore {
        do {
            return try environment.openManifest()
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }

    func lake() throws -> any ObjectStore {
        do {
            return try ObjectStores.open(environment.lake, environment: environment.variables, logger: environment.logger)
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "cannot open lake \(environment.lake): \(error)")
        }
    }

    /// The local path of a lake key when the lake is a local directory (no copy needed).
    func localPath(in lake: any ObjectStore, key: String) -> String? {
        Self.localPath(in: lake, key: key)
    }

    /// A path to read a lake object at: the object itself in a local lake, else a download of
    /// it to `download` (the caller's scratch file).
    func readablePath(in lake: any ObjectStore, key: String, downloadingTo download: URL) async throws -> String {
        if let local = localPath(in: lake, key: key) { return local }
        try await storage("reading \(lake.uri(for: key))") { try await lake.get(key: key, to: download) }
        return download.path
    }

    /// Asks the store itself rather than parsing `rootURI`, which is not a valid URL when the
    /// directory's name has spaces or other characters URLs must escape. A key that could
    /// escape the lake gets nil, so the caller goes through the store, which refuses it.
    static func localPath(in lake: any ObjectStore, key: String) -> String? {
        guard let local = lake as? LocalObjectStore else { return nil }
        return key.isEmpty ? local.root.path : try? local.filePath(for: key)
    }

    /// A private scratch directory for one step invocation; the caller removes it. Its name
    /// starts with `ScratchNames.temporary(dataset)`, so what a killed run leaves is found and
    /// removed by the dataset's next run (`LakeJanitor`).
    func scratchDirectory(_ label: String, dataset: String) throws -> URL {
        try makeDirectory(FileManager.default.temporaryDirectory
            .appendingPathComponent(ScratchNames.temporary(dataset, lake: try lake()) + "\(label)-\(UUID().uuidString.prefix(8))"))
    }

    /// A scratch directory on the lake's own filesystem when the lake is local (so a finished
    /// file can be renamed into the lake instead of copied), else the system's temporary one.
    /// Its name marks it as in flight: lake listings skip it. The caller removes it.
    func stagingDirectory(_ label: String, dataset: String, lake: any ObjectStore) throws -> URL {
        guard let root = localPath(in: lake, key: "") else { return try scratchDirectory(label, dataset: dataset) }
        return try makeDirectory(URL(fileURLWithPath: root)
            .appendingPathComponent(ScratchNames.staging(dataset) + "\(label)-\(UUID().uuidString.prefix(8))"))
    }

    private func makeDirectory(_ url: URL) throws -> URL {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "cannot create scratch directory \(url.path): \(error)")
        }
        return url
    }

    /// Runs a storage call, naming the lake in its failure.
    func storage<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(what): \(error)")
        }
    }
}
