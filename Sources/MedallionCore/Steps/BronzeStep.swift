import Foundation
import Lake
import Parquet
import StateMachine

/// `medallion:bronze`: the raw source as ZSTD Parquet, every source column a string, plus
/// lineage columns; the schema is inferred over the same pass and handed to the manifest.
public struct BronzeStep: TaskHandler {
    public static let resource = "medallion:bronze"
    let context: StepContext
    /// Most rows per column batch handed to the Parquet writer. The writer's encoding threads
    /// wait for each other once per batch, so large batches pay: against polars on the 245 MB
    /// NSDE file, per round, 64k rows were 1.07× its speed, 32k 1.04× and 16k 0.98× (peak RSS
    /// 185, 150 and 125 MB).
    static let batchRows = 65_536
    /// Batches queued for the writer thread while the next one is parsed.
    static let batchesInFlight = 2
    /// Most fields per batch: a wide source gets fewer rows per batch, so that a batch (held
    /// by the builders, and again by each of the writer's queued batches) costs about what
    /// 64k rows of 16 columns do, whatever the width.
    static let batchFields = 1 << 20
    /// Most value bytes per batch, for sources with long fields.
    static let batchBytes = 32 << 20

    /// Rows per batch for a source of `columns` columns (at least one).
    static func batchRows(columns: Int) -> Int {
        min(batchRows, max(1, batchFields / max(columns, 1)))
    }

    struct Input: Decodable {
        var dataset: String
        var fetch: FetchAndHashStep.Output
    }

    struct Output: Codable {
        var uri: String
        var rows: Int64
        var bytes: Int64
        var files: Int
        var columns: [String]
        var schema: [ColumnProfile]
        /// Many-file sources: each file's rows (or why it was left out), in `fetch.files` order.
        var sourceFiles: [BronzeSourceFile]?

        enum CodingKeys: String, CodingKey {
            case uri, rows, bytes, files, columns, schema
            case sourceFiles = "source_files"
        }
    }

    public func invoke(_ input: JSONValue, context taskContext: TaskContext) async throws -> JSONValue {
        defer { HeapTrim.afterStep() }
        let input = try StepIO.decode(Input.self, from: input, step: Self.resource)
        let check = StepInputCheck(step: Self.resource)
        try check.dataset(input.dataset, field: "dataset")
        let config = try context.config(input.dataset)
        let lake = try context.lake()
        // raw_key is read in place, so it must name this dataset's raw layer and nothing else.
        try check.fetch(input.fetch, dataset: config.name, field: "fetch", lake: lake)
        if let files = input.fetch.files {
            return try StepIO.encode(try await BronzeFileSet(step: self, config: config).land(files, fetch: input.fetch, lake: lake))
        }
        guard let rawKey = input.fetch.rawKey else {
            throw TaskFailure(error: StepError.badStepInput, cause: "\(Self.resource): fetch.raw_key is missing (source unchanged?)")
        }
        // In the lake when it is local, so publishing links the part instead of copying it.
        let scratch = try context.stagingDirectory("bronze", dataset: config.name, lake: lake)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let sourcePath = try await context.readablePath(in: lake, key: rawKey, downloadingTo: scratch.appendingPathComponent("source"))

        let partFile = scratch.appendingPathComponent("part-00000.parquet")
        let written = try convert(sourcePath: sourcePath, displayName: "\(config.name): \(input.fetch.sourceURL)",
                                  config: config, fetch: input.fetch, to: partFile)
        let prefix = "bronze/\(config.name)/run=\(input.fetch.runId)"
        CrashPoint.reach("bronze.written")
        try await context.storage("publishing \(lake.uri(for: prefix))") {
            try await lake.publish(prefix: prefix, files: [(name: "part-00000.parquet", localFile: partFile)])
        }
        context.progress.note(dataset: config.name, "bronze: \(written.rows) rows → \(lake.uri(for: prefix))")
        CrashPoint.reach("bronze.published")
        let output = Output(uri: lake.uri(for: prefix), rows: written.rows, bytes: written.bytes, files: 1,
                            columns: written.columns, schema: written.profiles)
        return try StepIO.encode(output)
    }

    struct Written {
        var rows: Int64
        var bytes: Int64
        var columns: [String]
        var profiles: [ColumnProfile]
        /// What inferred `profiles`; a many-file source hands it on to the next file.
        var inferrer: SchemaInferrer
    }

    /// Streams records into Parquet batch by batch; a bad record aborts before anything is published.
    /// Many-file sources pass the file's SHA-256 (its rows' `_source_sha256`), one inferrer for
    /// every file, and the first file's columns, which every other file must have too.
    func convert(sourcePath: String, displayName: String, config: DatasetConfig,
                 fetch: FetchAndHashStep.Output, to file: URL, sourceSHA256: String? = nil,
                 inferrer shared: SchemaInferrer? = nil, expectedColumns: [String]? = nil) throws -> Written {
        let sourceSHA256 = sourceSHA256 ?? fetch.sha256
        do {
            let reader = try RecordReaders.open(path: sourcePath, displayName: displayName,
                                                options: Self.sourceOptions(config.source))
            let sourceColumns = reader.columnNames
            if let expectedColumns, expectedColumns != sourceColumns {
                let missing = expectedColumns.filter { !sourceColumns.contains($0) }
                let extra = sourceColumns.filter { !expectedColumns.contains($0) }
                throw TaskFailure(error: StepError.sourceInvalid, cause: "\(displayName): columns differ from the first file's"
                                  + (missing.isEmpty ? "" : "; missing: \(missing.joined(separator: ", "))")
                                  + (extra.isEmpty ? "" : "; extra: \(extra.joined(separator: ", "))")
                                  + (missing.isEmpty && extra.isEmpty ? " (same names, another order)" : "")
                                  + "; every file of a many-file source must have the same columns")
            }
            let lineage = ["_run_id", "_ingested_at", "_source_row", "_source_sha256"]
            // Ignoring case, as DuckDB resolves names (`_Source_Row` would shadow the lineage column there).
            if let clash = sourceColumns.first(where: { lineage.contains($0.lowercased()) }) {
                throw TaskFailure(error: StepError.sourceInvalid,
                                  cause: "\(displayName): source column '\(clash)' collides with a bronze lineage column")
            }
            var columns = sourceColumns.map { ParquetColumn(name: $0, type: .string, nullable: true) }
            columns += [ParquetColumn(name: "_run_id", type: .string, nullable: false),
                        ParquetColumn(name: "_ingested_at", type: .timestampMicros, nullable: false),
                        // A counter: delta-encoded it takes a few kB where PLAIN took 8 bytes a row.
                        ParquetColumn(name: "_source_row", type: .int64, nullable: false, encoding: .deltaBinaryPacked),
                        ParquetColumn(name: "_source_sha256", type: .string, nullable: false)]
            var options = ParquetWriterOptions()
            // Silver reads Bronze a row group at a time, every column at once: 16 MB groups
            // (about DuckDB's 122,880 rows for NSDE-shaped data) keep that read small.
            options.rowGroupSize = 16 << 20
            WideSchemaWriting.adjust(&options, columns: columns.count)
            // Encoding (dictionary hashing and zstd) is the busier side, so it spreads its
            // columns over two threads even on two cores: the scheduler then shares both cores
            // between it and the parser instead of leaving the parser's core idle while it
            // waits (245 MB NSDE file on 2 cores: 2.78 → 2.65 s, median of 4 alternating runs).
            options.encodingThreads = ProcessInfo.processInfo.activeProcessorCount >= 2 ? 2 : 1
            options.keyValueMetadata = ["medallion.run_id": fetch.runId, "medallion.dataset": config.name,
                                        "medallion.layer": "bronze", "medallion.source_sha256": sourceSHA256]
            // This thread counts values and nulls; the types, longest value and distinct
            // estimate depend only on which values occur, so the writer's encoding threads
            // feed them each chunk's distinct values as its dictionary takes them in (every
            // value of a chunk written PLAIN). That took inference from 9.5% of the samples
            // of a 245 MB NSDE run, all on this thread, to the few distinct values.
            let inferrer = shared ?? SchemaInferrer(columnNames: sourceColumns)
            let observers = Dictionary(uniqueKeysWithValues: inferrer.columns.enumerated().map { ($0.offset, $0.element as any DistinctValueObserver) })
            let writer = BackgroundParquetWriter(
                writer: try ParquetWriter(sink: try FileOutputSink(path: file.path), schema: ParquetSchema(columns), options: options,
                                          observers: observers),
                depth: Self.batchesInFlight)
            var finished = false
            defer { if !finished { writer.abandon() } }
            let ingestedAt = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
            let batchRows = Self.batchRows(columns: sourceColumns.count)
            // Sized for a batch of short fields; they grow (and keep what they grew to) when needed.
            var builders = (0..<sourceColumns.count).map { _ in
                StringColumnBuilder(values: batchRows, bytes: min(64 << 10, max(64, batchRows * 8)))
            }
            defer { for builder in builders { builder.deallocate() } }
            var sourceRows: [Int64?] = []
            sourceRows.reserveCapacity(batchRows)
            var total: Int64 = 0

            // The lineage columns repeat one value; every full batch shares one copy of them.
            var constants: (rows: Int, values: [ColumnValues])?
            func lineageConstants(rows n: Int) -> [ColumnValues] {
                if let constants, constants.rows == n { return constants.values }
                var runIds = ByteArrayColumn(reservingValues: n, bytes: n * fetch.runId.utf8.count)
                var shas = ByteArrayColumn(reservingValues: n, bytes: n * sourceSHA256.utf8.count)
                for _ in 0..<n {
                    runIds.append(fetch.runId)
                    shas.append(sourceSHA256)
                }
                let values: [ColumnValues] = [.byteArrays(runIds), .timestampsMicros(Array(repeating: ingestedAt, count: n)),
                                              .byteArrays(shas)]
                constants = (n, values)
                return values
            }

            func flush() throws {
                guard !sourceRows.isEmpty else { return }
                let lineage = lineageConstants(rows: sourceRows.count)
                for (index, builder) in builders.enumerated() {
                    inferrer.count(column: index, rows: builder.count, nulls: builder.nullCount)
                }
                let sourceValues = builders.map { $0.makeColumn() }
                var batch = sourceValues.map { ColumnValues.byteArrays($0) }
                batch += [lineage[0], lineage[1], .int64s(sourceRows), lineage[2]]
                try writer.submit(ColumnBatch(batch))
                CrashPoint.reach("bronze.batch-written")
                for index in builders.indices { builders[index].removeAll() }
                sourceRows.removeAll(keepingCapacity: true)
                context.progress.rows(dataset: config.name, step: "bronze", count: total)
            }

            // Records are read in slices so the batch's bytes can be checked between them.
            let sliceRows = min(batchRows, 4096)
            // A slice's record numbers, moved to `sourceRows` after it: `flush` captures
            // `sourceRows`, so each access to it is checked for exclusivity at run time, which
            // per record was 1.4% of a run's samples.
            let sliceRecords = UnsafeMutablePointer<Int64?>.allocate(capacity: sliceRows)
            defer { sliceRecords.deallocate() }
            while true {
                // One access to `builders` per slice rather than one per field.
                let (delivered, batchBytes) = try builders.withUnsafeMutableBufferPointer { columns in
                    var slot = 0
                    let delivered = try reader.nextRecords(limit: min(sliceRows, batchRows - sourceRows.count)) { fields, record in
                        for index in 0..<fields.count {
                            columns[index].append(fields[index])
                        }
                        sliceRecords[slot] = Int64(record)
                        slot &+= 1
                    }
                    return (delivered, columns.reduce(0) { $0 + $1.byteCount })
                }
                sourceRows.append(contentsOf: UnsafeBufferPointer(start: sliceRecords, count: delivered))
                if delivered == 0 { break }
                total += Int64(delivered)
                if sourceRows.count >= batchRows || batchBytes >= Self.batchBytes { try flush() }
            }
            try flush()
            finished = true
            let summary = try writer.finish()
            return Written(rows: total, bytes: Int64(summary.fileBytes), columns: sourceColumns,
                           profiles: inferrer.profiles(), inferrer: inferrer)
        } catch let failure as TaskFailure {
            throw failure
        } catch let error as SourceError {
            throw TaskFailure(error: StepError.sourceInvalid, cause: error.description)
        } catch {
            throw TaskFailure(error: StepError.storageFailed, cause: "\(displayName): writing bronze Parquet: \(error)")
        }
    }

    static func sourceOptions(_ source: SourceConfig) -> SourceOptions {
        var options = SourceOptions(format: SourceFormat(rawValue: source.format.rawValue) ?? .csv)
        if let delimiter = source.delimiter?.utf8.first { options.delimiter = delimiter }
        if let quote = source.quote?.utf8.first { options.quote = quote }
        options.header = source.header
        options.lenientQuotes = source.lenientQuotes
        options.maxColumns = source.maxColumns
        options.maxRecordBytes = source.maxRecordBytes
        options.recordsPath = source.recordsPath
        options.archiveMember = source.archiveMember
        options.maxRecords = source.sampleRecords
        return options
    }
}
