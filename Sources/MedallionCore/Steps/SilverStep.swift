import Foundation
import Lake
import Parquet
import StateMachine
import Transform

/// `medallion:silver`: the run's Bronze partition trimmed, typed, checked against the
/// dataset's expectations and de-duplicated, as ZSTD Parquet under
/// `silver/<dataset>/version=<run_id>/`, with rejected rows under
/// `silver/<dataset>/_quarantine/run=<run_id>/`. A broken `fail` expectation or data-quality
/// gate publishes nothing.
public struct SilverStep: TaskHandler {
    public static let resource = "medallion:silver"
    let context: StepContext

    struct Input: Decodable {
        var dataset: String
        var fetch: FetchAndHashStep.Output
        var bronze: BronzeStep.Output
    }

    struct Output: Codable {
        var uri: String
        var rows: Int64
        var bytes: Int64
        var files: Int
        var quarantine: QuarantineOutput?
        var columns: [SilverColumn]
        var quality: SilverReport
        var schemaChanges: SchemaDrift?

        enum CodingKeys: String, CodingKey {
            case uri, rows, bytes, files, quarantine, columns, quality
            case schemaChanges = "schema_changes"
        }
    }

    struct QuarantineOutput: Codable {
        var uri: String
        var rows: Int64
        var bytes: Int64
    }

    struct SilverColumn: Codable {
        var name: String
        var source: String
        var type: String
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        defer { HeapTrim.afterStep() }
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        let config = try context.config(input.dataset)
        let lake = try context.lake()
        // The run id names the Bronze partition read and the Silver one published.
        try check.fetch(input.fetch, dataset: config.name, field: "fetch", lake: lake)
        try check.partition(input.bronze.uri, field: "bronze.uri", prefix: "bronze/\(config.name)/run=", in: lake)
        let runId = input.fetch.runId
        let drift = try schemaDrift(dataset: config.name, current: input.bronze.schema)

        let staging = try context.stagingDirectory("silver", dataset: config.name, lake: lake)
        defer { try? FileManager.default.removeItem(at: staging) }
        let scratch = try context.scratchDirectory("silver-spill", dataset: config.name)
        defer { try? FileManager.default.removeItem(at: scratch) }

        // A many-file source's Bronze has a part per file (`bronze.files`), read as one file.
        var partPaths: [String] = []
        for part in 0..<max(1, input.bronze.files) {
            let bronzeKey = "bronze/\(config.name)/run=\(runId)/" + String(format: "part-%05d.parquet", part)
            partPaths.append(try await context.readablePath(in: lake, key: bronzeKey,
                                                            downloadingTo: scratch.appendingPathComponent("bronze-\(part).parquet")))
        }
        var bronzePath = partPaths[0]
        if partPaths.count > 1 {
            let joined = scratch.appendingPathComponent("bronze-parts.parquet")
            do {
                try BronzePartsConcatenation.concatenate(partPaths, into: joined)
            } catch {
                throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): silver: reading the \(partPaths.count) bronze parts: \(error)")
            }
            for path in partPaths where path.hasPrefix(scratch.path) { try? FileManager.default.removeItem(atPath: path) }
            bronzePath = joined.path
        }

        let plan = try SilverPlanner.plan(config: config, bronzeColumns: input.bronze.columns, profiles: input.bronze.schema,
                                          shapes: try nestedShapes(config: config, bronze: input.bronze, path: bronzePath))
        if let quality = config.dataQuality {
            for column in quality.requiredColumns where !plan.columns.contains(where: { $0.name == column }) {
                throw TaskFailure(error: StepError.qualityFailed,
                                  cause: "\(config.name): required column '\(column)' is not in the source (data_quality.required_columns)")
            }
        }
        let silverFile = staging.appendingPathComponent("part-00000.parquet")
        let quarantineDirectory = staging.appendingPathComponent("quarantine")
        let quarantineFile = quarantineDirectory.appendingPathComponent("part-00000.parquet")
        let written = try transform(plan: plan, config: config, runId: runId, bronzePath: bronzePath,
                                    silverFile: silverFile, quarantineFile: quarantineFile, spill: scratch)
        var report = written.report
        var silverBytes = written.silverBytes
        var published = silverFile
        if let silver = config.silver, silver.mode == .merge {
            let merged = staging.appendingPathComponent("merged.parquet")
            let result = try await SilverMergeRun(context: context, config: config, silver: silver, runId: runId, lake: lake, scratch: scratch)
                .merge(incoming: silverFile, into: merged)
            report.merge = result.counts
            report.rowsOut = result.rows
            silverBytes = result.bytes
            published = merged
        }
        try checkGates(report, config: config)

        let prefix = "silver/\(config.name)/version=\(runId)"
        CrashPoint.reach("silver.written")
        try await context.storage("publishing \(lake.uri(for: prefix))") {
            try await lake.publish(prefix: prefix, files: [(name: "part-00000.parquet", localFile: published)])
        }
        CrashPoint.reach("silver.published")
        var quarantine: QuarantineOutput?
        if let quarantineBytes = written.quarantineBytes {
            let quarantinePrefix = "silver/\(config.name)/_quarantine/run=\(runId)"
            try await context.storage("publishing \(lake.uri(for: quarantinePrefix))") {
                try await lake.publish(prefix: quarantinePrefix, files: [(name: "part-00000.parquet", localFile: quarantineFile)])
            }
            quarantine = QuarantineOutput(uri: lake.uri(for: quarantinePrefix), rows: written.report.quarantined, bytes: quarantineBytes)
        }
        CrashPoint.reach("silver.quarantine-published")
        let merged = report.merge.map { ", merged: \($0.inserted) inserted, \($0.updated) updated, \($0.deleted) deleted, \($0.kept) kept" } ?? ""
        context.progress.note(dataset: config.name, "silver: \(report.rowsOut) rows (\(report.duplicatesRemoved) duplicates removed, "
                              + "\(report.dropped) dropped, \(report.quarantined) quarantined\(merged)) → \(lake.uri(for: prefix))")
        return try StepIO.encode(Output(
            uri: lake.uri(for: prefix), rows: report.rowsOut, bytes: silverBytes, files: 1, quarantine: quarantine,
            columns: plan.columns.map { column in
                SilverColumn(name: column.name, source: ([column.source] + column.path).joined(separator: "."),
                             type: column.isList ? "list<\(column.type)>" : column.type.description)
            },
            quality: report, schemaChanges: drift))
    }

    struct Written {
        var report: SilverReport
        var silverBytes: Int64
        var quarantineBytes: Int64?
    }

    func transform(plan: SilverPlan, config: DatasetConfig, runId: String, bronzePath: String,
                   silverFile: URL, quarantineFile: URL, spill: URL) throws -> Written {
        do {
            let transform = try SilverTransform(plan: plan, inputPath: bronzePath, spillDirectory: spill)
            var options = Self.writerOptions(runId: runId, dataset: config.name, layer: "silver",
                                             columns: transform.silverSchema.columns.count)
            let silver = BackgroundParquetWriter(writer: try ParquetWriter(
                sink: try FileOutputSink(path: silverFile.path), schema: transform.silverSchema, options: options))
            var finished = false
            defer { if !finished { silver.abandon() } }
            options.keyValueMetadata["medallion.layer"] = "quarantine"
            var quarantine: ParquetWriter?
            let total = transform.inputRows
            let report = try transform.run(
                silver: {
                    try silver.submit($0)
                    CrashPoint.reach("silver.batch-written")
                },
                quarantine: { batch in
                    if quarantine == nil {
                        try FileManager.default.createDirectory(at: quarantineFile.deletingLastPathComponent(),
                                                                withIntermediateDirectories: true)
                        quarantine = try ParquetWriter(sink: try FileOutputSink(path: quarantineFile.path),
                                                       schema: transform.quarantineSchema, options: options)
                    }
                    try quarantine?.write(batch)
                },
                progress: { pass, rows in
                    context.progress.rows(dataset: config.name, step: "silver (\(pass.rawValue))", count: min(rows, total))
                })
            if !report.failedExpectations.isEmpty {
                throw TaskFailure(error: StepError.expectationFailed, cause: Self.describeFailures(report, dataset: config.name))
            }
            finished = true
            let summary = try silver.finish()
            let quarantineBytes = try quarantine.map { Int64(try $0.close().fileBytes) }
            return Written(report: report, silverBytes: Int64(summary.fileBytes), quarantineBytes: quarantineBytes)
        } catch let failure as TaskFailure {
            throw failure
        } catch let error as TransformError {
            switch error {
            case .unknownColumn, .invalidExpectation, .invalidOrder, .invalidCondition, .invalidAggregate, .invalidQuery:
                throw TaskFailure(error: StepError.configInvalid, cause: "\(config.file): silver: \(error)")
            case .spill, .input, .aggregateOverflow, .memoryBudgetExceeded:
                throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): silver: \(error)")
            }
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): writing silver Parquet: \(error)")
        }
    }

    static func writerOptions(runId: String, dataset: String, layer: String, columns: Int) -> ParquetWriterOptions {
        var options = ParquetWriterOptions()
        options.rowGroupSize = 32 << 20
        WideSchemaWriting.adjust(&options, columns: columns)
        options.keyValueMetadata = ["medallion.run_id": runId, "medallion.dataset": dataset, "medallion.layer": layer]
        return options
    }

    static func describeFailures(_ report: SilverReport, dataset: String) -> String {
        let parts = report.failedExpectations.map { e in
            "expectation '\(e.name)' (\(e.check) on \(e.column), action fail) failed on \(e.failed) of \(report.rowsIn) rows"
                + (e.firstFailedSourceRow.map { ", first at source row \($0)" } ?? "")
        }
        return "\(dataset): " + parts.joined(separator: "; ") + "; nothing published"
    }

    /// `data_quality` gates on the final Silver rows.
    func checkGates(_ report: SilverReport, config: DatasetConfig) throws {
        guard let quality = config.dataQuality else { return }
        if let minRows = quality.minRows, report.rowsOut < Int64(minRows) {
            throw TaskFailure(error: StepError.qualityFailed,
                              cause: "\(config.name): Silver has \(report.rowsOut) rows, fewer than data_quality.min_rows \(minRows); nothing published")
        }
        if let threshold = quality.criticalNullThreshold {
            for column in quality.requiredColumns {
                let share = report.nullShare[column] ?? 0
                if share > threshold {
                    throw TaskFailure(error: StepError.qualityFailed, cause: String(
                        format: "%@: required column '%@' is null in %.2f%% of %lld Silver rows, above data_quality.critical_null_threshold %.2f%%; nothing published",
                        config.name, column, share * 100, report.rowsOut, threshold * 100))
                }
            }
        }
    }

    /// How the JSON-text columns of a JSON source nest (CSV text is never taken apart).
    func nestedShapes(config: DatasetConfig, bronze: BronzeStep.Output, path: String) throws -> [String: NestedShape] {
        guard config.source.format == .json || config.source.format == .ndjson else { return [:] }
        let candidates = bronze.schema.filter { profile in
            profile.type == .string && config.silver?.columns[ColumnNaming.snakeCase(profile.name)]?.keepsJSON != true
        }.map(\.name)
        do {
            return try NestedDiscovery.discover(inputPath: path, columns: candidates)
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(config.name): silver: \(error)")
        }
    }

    /// The change from the last good version's Bronze columns (nil for a first version).
    func schemaDrift(dataset: String, current: [ColumnProfile]) throws -> SchemaDrift? {
        let store = try context.manifest()
        let previous: String?
        do {
            previous = try store.latestVersion(dataset: dataset)?.schemaJSON
        } catch {
            throw TaskFailure(error: StepError.manifestFailed, cause: "\(error)")
        }
        guard let previous, let profiles = try? JSONDecoder().decode([ColumnProfile].self, from: Data(previous.utf8)) else {
            return nil
        }
        return SchemaDrift.between(previous: profiles, current: current)
    }
}
