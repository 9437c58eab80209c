import Foundation
import Lake
import StateMachine

/// One file's share of a many-file Bronze partition.
struct BronzeSourceFile: Codable, Sendable, Equatable {
    /// Rows landed from the file (nil when it was left out, or not read by a `--sample` run
    /// that had its records from the files before).
    var rows: Int64?
    /// The Bronze part file holding them (`part-NNNNN.parquet`).
    var part: String?
    /// Why the file was left out (`on_file_error: "skip"`), or the fetch error FetchAndHash recorded.
    var error: String?
}

/// Bronze for a many-file source: every file's rows become their own part file of the run's
/// partition (`part-00000.parquet`, `part-00001.parquet`, … in file order), with the file's
/// SHA-256 as `_source_sha256` and `_source_row` counted within the file. Every file must
/// have the first file's columns. The partition is published once, whole, after the last file.
struct BronzeFileSet {
    let step: BronzeStep
    let config: DatasetConfig
    private var context: StepContext { step.context }

    func land(_ files: [SourceFile], fetch: FetchAndHashStep.Output, lake: any ObjectStore) async throws -> BronzeStep.Output {
        // BronzeStep checked `fetch` (each file's raw key lies in this dataset's raw layer).
        let skip = config.source.files?.onFileError == .skip
        // In the lake when it is local, so publishing links the part instead of copying it.
        let scratch = try context.stagingDirectory("bronze", dataset: config.name, lake: lake)
        defer { try? FileManager.default.removeItem(at: scratch) }

        var inferrer: SchemaInferrer?
        var columns: [String]?
        var parts: [(name: String, localFile: URL)] = []
        var results: [BronzeSourceFile] = []
        var rows: Int64 = 0
        var bytes: Int64 = 0
        // `run --sample N`: the first N records of the files in order, not N of each.
        var fileConfig = config
        for (index, file) in files.enumerated() {
            if let left = fileConfig.source.sampleRecords, left <= 0 {
                results.append(BronzeSourceFile())
                continue
            }
            guard let rawKey = file.rawKey, let sha256 = file.sha256 else {
                guard let error = file.error, skip else {
                    throw TaskFailure(error: StepError.badStepInput, cause: "\(BronzeStep.resource): fetch.files[\(index)] (\(file.url)) has no raw copy")
                }
                results.append(BronzeSourceFile(error: error))
                continue
            }
            let sourcePath = try await context.readablePath(in: lake, key: rawKey,
                                                            downloadingTo: scratch.appendingPathComponent("source-\(index)"))
            let name = String(format: "part-%05d.parquet", parts.count)
            let partFile = scratch.appendingPathComponent(name)
            do {
                let written = try step.convert(sourcePath: sourcePath, displayName: "\(config.name): file \(index + 1) of \(files.count) (\(file.url))",
                                               config: fileConfig, fetch: fetch, to: partFile, sourceSHA256: sha256,
                                               inferrer: inferrer, expectedColumns: columns)
                if inferrer == nil {
                    // The first file read names the columns; its inferrer goes on over the others.
                    columns = written.columns
                    inferrer = written.inferrer
                }
                parts.append((name: name, localFile: partFile))
                results.append(BronzeSourceFile(rows: written.rows, part: name))
                rows += written.rows
                fileConfig.source.sampleRecords = fileConfig.source.sampleRecords.map { $0 - Int(written.rows) }
                bytes += written.bytes
            } catch let failure as TaskFailure where skip && failure.error == StepError.sourceInvalid {
                try? FileManager.default.removeItem(at: partFile)
                context.progress.note(dataset: config.name, "skipping \(file.url): \(failure.cause ?? failure.error)")
                results.append(BronzeSourceFile(error: failure.cause ?? failure.error))
            }
            if sourcePath.hasPrefix(scratch.path) { try? FileManager.default.removeItem(atPath: sourcePath) }
        }
        guard let columns, let inferrer else {
            throw TaskFailure(error: StepError.sourceInvalid, cause: "\(config.name): none of the \(files.count) files could be read")
        }
        let prefix = "bronze/\(config.name)/run=\(fetch.runId)"
        CrashPoint.reach("bronze.written")
        try await context.storage("publishing \(lake.uri(for: prefix))") { try await lake.publish(prefix: prefix, files: parts) }
        context.progress.note(dataset: config.name, "bronze: \(rows) rows from \(parts.count) files → \(lake.uri(for: prefix))")
        CrashPoint.reach("bronze.published")
        return BronzeStep.Output(uri: lake.uri(for: prefix), rows: rows, bytes: bytes, files: parts.count, columns: columns,
                                 schema: inferrer.profiles(), sourceFiles: results)
    }
}
