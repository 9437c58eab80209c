import Foundation
import Lake
import Manifest
import Parquet
import StateMachine
import Transform

/// `medallion:gold`: the dataset's Gold tables (`gold.tables`) computed from Silver — this run's,
/// the current one when only Gold is rebuilt, or another dataset's current Silver — as ZSTD
/// Parquet under `gold/<dataset>/<table>/version=<run_id>/`. Every table is computed before any
/// is published, so a failing table publishes nothing. Independent tables run concurrently and
/// share the `gold.memory_mb` budget.
///
/// Input: the whole execution state (no Parameters), because on a Gold-only run the state holds
/// no `bronze` or `silver` and ASL has no optional paths.
public struct GoldStep: TaskHandler {
    public static let resource = "medallion:gold"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        var fetch: FetchAndHashStep.Output
        var silver: SilverStep.Output?
    }

    struct Output: Codable {
        var tables: [String: TableOutput]
    }

    struct TableOutput: Codable {
        var uri: String
        var rows: Int64
        var bytes: Int64
        var files: Int
        /// The run that built this table when it was reused unchanged.
        var reusedFrom: String?
        /// Other datasets read → the run id of the Silver read.
        var inputs: [String: String]

        enum CodingKeys: String, CodingKey {
            case uri, rows, bytes, files, inputs
            case reusedFrom = "reused_from"
        }
    }

    /// One table to compute, bound to its inputs.
    struct Job: @unchecked Sendable {
        var table: GoldTable
        var query: BoundGoldQuery
        var leftPaths: [String]
        var rightPaths: [String]
        var inputs: [String: String]
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        defer { HeapTrim.afterStep() }
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        let config = try context.config(input.dataset)
        let lake = try context.lake()
        // silver.uri is read (listed and opened in place): only this dataset's Silver will do.
        try check.fetch(input.fetch, dataset: config.name, field: "fetch", lake: lake)
        if let silver = input.silver {
            try check.partition(silver.uri, field: "silver.uri", prefix: "silver/\(config.name)/version=", in: lake)
        }
        let fetch = input.fetch
        let runId = fetch.runId
        let tables = config.gold?.tables ?? []
        guard !tables.isEmpty else { return try StepIO.encode(Output(tables: [:])) }
        let store = try context.manifest()
        let previous = try manifestCall { try fetch.previousRunId.flatMap { try Self.version(runId: $0, dataset: config.name, store: store) } }
        let rebuild = fetch.recompute == .gold ? Set(fetch.goldTables) : Set(tables.map(\.name))

        var outputs: [String: TableOutput] = [:]
        if let previous, fetch.recompute == .gold {
            let layers = VersionLayers.of(previous)
            for table in tables where !rebuild.contains(table.name) {
                let layer = "gold.\(table.name)"
                guard let uri = previous.outputs[layer] else { continue }
                let builder = VersionLayers.builder(of: layer, in: previous)
                let record = try manifestCall { try store.outputs(runId: builder) }.first { $0.layer == "gold" && $0.name == table.name }
                outputs[table.name] = TableOutput(uri: uri, rows: previous.rows[layer] ?? record?.rows ?? 0,
                                                  bytes: record?.bytes ?? 0, files: record?.files ?? 1,
                                                  reusedFrom: builder, inputs: layers?.goldInputs[table.name] ?? [:])
                context.progress.note(dataset: config.name, "gold: \(table.name) unchanged, reused from run \(builder)")
            }
        }

        let scratch = try context.scratchDirectory("gold", dataset: config.name)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let staging = try context.stagingDirectory("gold", dataset: config.name, lake: lake)
        defer { try? FileManager.default.removeItem(at: staging) }

        // This run's Silver, or the current one when only Gold is rebuilt.
        let ownSilver = input.silver?.uri ?? previous?.outputs["silver"]
        var resolved: [String: (uri: String, run: String, paths: [String])] = [:]
        func silver(of dataset: String) async throws -> (uri: String, run: String, paths: [String])? {
            if let known = resolved[dataset] { return known }
            let uri: String
            let run: String
            if dataset == config.name {
                guard let ownSilver else {
                    throw TaskFailure(error: StepError.configInvalid,
                                      cause: "\(config.file): gold: the state machine builds no Silver for \(config.name) before Gold")
                }
                uri = ownSilver
                run = input.silver == nil ? (previous.map { VersionLayers.builder(of: "silver", in: $0) } ?? runId) : runId
            } else {
                guard let version = try manifestCall({ try store.latestVersion(dataset: dataset) }),
                      let other = version.outputs["silver"] else { return nil }
                uri = other
                run = VersionLayers.builder(of: "silver", in: version)
            }
            let paths = try await localParts(of: uri, lake: lake, scratch: scratch)
            resolved[dataset] = (uri, run, paths)
            return (uri, run, paths)
        }

        var jobs: [Job] = []
        for (index, table) in tables.enumerated() where rebuild.contains(table.name) {
            let leftName = GoldPlanner.dataset(table.from, own: config.name)
            let rightName = table.join.map { GoldPlanner.dataset($0.with, own: config.name) }
            let left = try await silver(of: leftName)
            let right = try await rightName.asyncMap { try await silver(of: $0) } ?? nil
            guard let left, rightName == nil || right != nil else {
                // Not a failure: the table is built by the first run after its input exists
                // (`run --all` orders datasets so this happens only when run alone).
                let missing = [leftName, rightName].compactMap { $0 }.filter { resolved[$0] == nil }
                context.progress.note(dataset: config.name, "warning: gold: \(table.name) not built: silver:\(missing.joined(separator: ", silver:")) "
                                      + "has no version yet (run \(missing.joined(separator: ", ")) first)")
                continue
            }
            var inputs: [String: String] = [:]
            if leftName != config.name { inputs[leftName] = left.run }
            if let rightName, rightName != config.name, let right { inputs[rightName] = right.run }
            let query: BoundGoldQuery
            do {
                query = try GoldPlanner.bind(table, index: index, config: config,
                                             left: try Self.schema(left.paths), right: try right.map { try Self.schema($0.paths) })
            } catch let error as ConfigError {
                throw TaskFailure(error: StepError.configInvalid, cause: error.description)
            }
            jobs.append(Job(table: table, query: query, leftPaths: left.paths, rightPaths: right?.paths ?? [], inputs: inputs))
        }

        let memory = (config.gold?.memoryMB ?? GoldConfig.defaultMemoryMB) << 20
        let concurrency = max(1, min(jobs.count, ProcessInfo.processInfo.activeProcessorCount))
        let written = try await compute(jobs, concurrency: concurrency, budgetBytes: memory / concurrency,
                                        config: config, runId: runId, staging: staging, scratch: scratch)
        CrashPoint.reach("gold.computed")
        for job in jobs {
            guard let result = written[job.table.name] else { continue }
            let prefix = "gold/\(config.name)/\(job.table.name)/version=\(runId)"
            try await context.storage("publishing \(lake.uri(for: prefix))") {
                try await lake.publish(prefix: prefix, files: [(name: "part-00000.parquet", localFile: result.file)])
            }
            outputs[job.table.name] = TableOutput(uri: lake.uri(for: prefix), rows: result.rows, bytes: result.bytes, files: 1,
                                                  reusedFrom: nil, inputs: job.inputs)
            context.progress.note(dataset: config.name, "gold: \(job.table.name): \(result.rows) rows → \(lake.uri(for: prefix))")
            CrashPoint.reach("gold.published.\(job.table.name)")
        }
        return try StepIO.encode(Output(tables: outputs))
    }

    struct Written: Sendable {
        var file: URL
        var rows: Int64
        var bytes: Int64
    }

    /// Runs the jobs, at most `concurrency` at once, each within `budgetBytes`.
    func compute(_ jobs: [Job], concurrency: Int, budgetBytes: Int, config: DatasetConfig, runId: String,
                 staging: URL, scratch: URL) async throws -> [String: Written] {
        let progress = context.progress
        let dataset = config.name
        return try await withThrowingTaskGroup(of: (String, Written).self) { group in
            var results: [String: Written] = [:]
            var next = 0
            func start() {
                let job = jobs[next]
                next += 1
                group.addTask {
                    // A table blocks while it reads and aggregates: on a thread of its own, the
                    // cooperative pool stays free (see DedicatedThread).
                    let written = try await DedicatedThread.run(name: "medallion-gold-\(job.table.name)") {
                        try Self.run(job, budgetBytes: budgetBytes, config: config, runId: runId,
                                     staging: staging, scratch: scratch) { rows in
                            progress.rows(dataset: dataset, step: "gold (\(job.table.name))", count: rows)
                        }
                    }
                    return (job.table.name, written)
                }
            }
            while next < min(concurrency, jobs.count) { start() }
            while let (name, written) = try await group.next() {
                results[name] = written
                if next < jobs.count { start() }
            }
            return results
        }
    }

    static func run(_ job: Job, budgetBytes: Int, config: DatasetConfig, runId: String, staging: URL, scratch: URL,
                    progress: @escaping (Int64) -> Void) throws -> Written {
        let name = job.table.name
        let spill = scratch.appendingPathComponent("spill-\(name)")
        let file = staging.appendingPathComponent("\(name).parquet")
        do {
            try FileManager.default.createDirectory(at: spill, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: spill) }
            let batch = try GoldExecutor.run(job.query, leftPaths: job.leftPaths, rightPaths: job.rightPaths,
                                             memoryBudgetBytes: budgetBytes, spillDirectory: spill, progress: progress)
            let writer = try ParquetWriter(sink: try FileOutputSink(path: file.path), schema: job.query.outputSchema,
                                           options: SilverStep.writerOptions(runId: runId, dataset: config.name, layer: "gold",
                                                                             columns: job.query.outputSchema.columns.count))
            try writer.write(batch)
            let summary = try writer.close()
            return Written(file: file, rows: Int64(batch.rowCount), bytes: Int64(summary.fileBytes))
        } catch let error as TransformError {
            switch error {
            case .memoryBudgetExceeded(let operation, let share):
                let configured = config.gold?.memoryMB ?? GoldConfig.defaultMemoryMB
                throw TaskFailure(error: StepError.memoryExceeded, cause: "\(config.name): gold table '\(name)': the \(operation) "
                                  + "state outgrew its \(share >> 20) MB share of the gold.memory_mb budget of \(configured) MB "
                                  + "(in \(config.file)); raise gold.memory_mb or group by fewer distinct values; nothing published")
            case .unknownColumn, .invalidExpectation, .invalidOrder, .invalidCondition, .invalidAggregate, .invalidQuery:
                throw TaskFailure(error: StepError.configInvalid, cause: "\(config.file): gold table '\(name)': \(error)")
            case .spill, .input, .aggregateOverflow:
                throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): gold table '\(name)': \(error)")
            }
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): gold table '\(name)': \(error)")
        }
    }

    /// The schema of a Silver version (its first part file; all parts share it).
    static func schema(_ paths: [String]) throws -> ParquetSchema {
        guard let first = paths.first else {
            throw TaskFailure(error: StepError.storageFailed, cause: "a Silver partition holds no Parquet file")
        }
        do {
            return try ParquetFileReader(path: first).schema
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "reading \(first): \(error)")
        }
    }

    /// The Parquet files of a published partition as local paths (downloaded when the lake is remote).
    func localParts(of uri: String, lake: any ObjectStore, scratch: URL) async throws -> [String] {
        guard let prefix = FetchAndHashStep.key(of: uri, in: lake) else {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(uri) is not in the lake \(lake.rootURI)")
        }
        let objects = try await context.storage("listing \(uri)") { try await lake.list(prefix: prefix + "/") }
        let parts = objects.map(\.key).filter { $0.hasSuffix(".parquet") }.sorted()
        guard !parts.isEmpty else {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(uri) holds no Parquet file (was it removed?)")
        }
        var paths: [String] = []
        for key in parts {
            let download = scratch.appendingPathComponent("input-\(paths.count)-\(UUID().uuidString.prefix(8)).parquet")
            paths.append(try await context.readablePath(in: lake, key: key, downloadingTo: download))
        }
        return paths
    }

    static func version(runId: String, dataset: String, store: any ManifestStore) throws -> ManifestVersion? {
        if let latest = try store.latestVersion(dataset: dataset), latest.runId == runId { return latest }
        return try store.versions(dataset: dataset).last { $0.runId == runId }
    }

    private func manifestCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as TaskFailure { throw failure } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
