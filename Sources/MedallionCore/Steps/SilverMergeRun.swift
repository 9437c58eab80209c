import Foundation
import Lake
import Parquet
import StateMachine
import Transform

/// `silver.mode: "merge"` inside the Silver step: finds the current Silver (the manifest's last
/// good version), brings its files within reach, and merges this run's rows into it
/// (`SilverMerge`) as the file the step publishes.
struct SilverMergeRun {
    let context: StepContext
    let config: DatasetConfig
    let silver: SilverConfig
    let runId: String
    let lake: any ObjectStore
    let scratch: URL

    struct Result {
        var counts: SilverMerge.Counts
        var rows: Int64
        var bytes: Int64
    }

    func merge(incoming: URL, into output: URL) async throws -> Result {
        let current = try await currentFiles()
        let merge = SilverMerge(keys: silver.keys,
                                deleteWhen: silver.deleteWhen.map { SilverMerge.Condition(column: $0.column, op: $0.op, values: $0.values) })
        do {
            let schema = try ParquetFileReader(path: incoming.path).schema
            let writer = try ParquetWriter(sink: try FileOutputSink(path: output.path), schema: schema,
                                           options: SilverStep.writerOptions(runId: runId, dataset: config.name, layer: "silver",
                                                                             columns: schema.columns.count))
            var rows: Int64 = 0
            let counts = try merge.run(current: current, incoming: incoming.path) { batch in
                rows += Int64(batch.rowCount)
                try writer.write(batch)
            }
            let summary = try writer.close()
            return Result(counts: counts, rows: rows, bytes: Int64(summary.fileBytes))
        } catch let error as TransformError {
            switch error {
            case .unknownColumn, .invalidCondition:
                throw TaskFailure(error: StepError.configInvalid, cause: "\(config.file): silver: merge: \(error)")
            default:
                throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): silver merge: \(error)")
            }
        } catch let failure as TaskFailure {
            throw failure
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): writing merged silver Parquet: \(error)")
        }
    }

    /// Local paths of the current Silver's Parquet files; none before the first version.
    private func currentFiles() async throws -> [String] {
        let store = try context.manifest()
        guard let uri = try store.latestVersion(dataset: config.name)?.outputs["silver"],
              let prefix = FetchAndHashStep.key(of: uri, in: lake) else { return [] }
        let objects = try await context.storage("listing \(uri)") { try await lake.list(prefix: prefix + "/") }
        var paths: [String] = []
        for object in objects.sorted(by: { $0.key < $1.key }) where object.key.hasSuffix(".parquet") {
            if let local = context.localPath(in: lake, key: object.key) {
                paths.append(local)
            } else {
                let download = scratch.appendingPathComponent("current-\(paths.count).parquet")
                try await context.storage("reading \(lake.uri(for: object.key))") { try await lake.get(key: object.key, to: download) }
                paths.append(download.path)
            }
        }
        return paths
    }

}
