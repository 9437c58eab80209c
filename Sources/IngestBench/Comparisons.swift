import Foundation

/// The table's rows, in the order of issue 15's targets: Bronze on the 245 MB and the 1 GB
/// file, Bronze + Silver, Gold, and the skip of an unchanged source.
struct Comparisons {
    let settings: BenchSettings
    let workspace: BenchWorkspace
    /// Python modules by name → version, nil when not installed.
    let modules: [String: String?]
    let progress: (String) -> Void

    func rows() throws -> [BenchRow] {
        let csv = try InputFiles.csv(rows: settings.rows, settings: settings, progress: progress)
        let large = settings.runLarge ? try InputFiles.csv(rows: settings.largeRows, settings: settings, progress: progress) : nil
        return [
            try bronze(csv: csv, rows: settings.rows, dataset: "bronze", targets: []),
            // The issue's memory bound: the 1 GB file in no more than 300 MB.
            try bronze(csv: large, rows: settings.largeRows, dataset: "bronze_large", targets: [.peakRSS(atMostMB: 300)]),
            try silver(csv: csv),
            try gold(csv: csv),
            try skip(csv: csv),
        ]
    }

    /// `medallion run --force` of a Bronze-only flow (fetch + SHA-256 + raw copy + Bronze with
    /// schema inference + manifest) in a fresh lake each run, against polars and DuckDB
    /// writing the same CSV, all columns strings, to one ZSTD Parquet file.
    private func bronze(csv: URL?, rows: Int, dataset: String, targets: [RowTarget]) throws -> BenchRow {
        let lake = "lakes/\(dataset)"
        let polarsOut = "out/polars-\(dataset).parquet"
        let duckdbOut = "out/duckdb-\(dataset).parquet"
        let source = csv.map(workspace.relative) ?? "nsde-\(rows).csv"
        if let csv { try workspace.writeBronzeDataset(dataset, csv: csv) }
        var medallion = medallionRun(dataset, lake: lake, force: true, expect: .built)
        medallion.prepare = freshLake(lake)
        medallion.preparation = "rm -rf \(lake)"
        medallion.outputBytes = { InputFiles.parquetBytes(under: workspace.url("\(lake)/bronze")) }
        var row = BenchRow(
            title: "Bronze end to end, \(sizeText(csv)) CSV (\(rows) rows)", inputBytes: csv.flatMap { try? InputFiles.size(of: $0) },
            medallion: medallion,
            peers: [python("polars", PeerScripts.polarsBronze(csv: source, out: polarsOut), writes: polarsOut),
                    python("duckdb", PeerScripts.duckdbBronze(csv: source, out: duckdbOut), writes: duckdbOut)],
            targets: [.throughput(atLeast: 1.0), .outputSize(atMost: 1.1)] + targets,
            warmUp: csv.map { [$0] } ?? [], sizeReference: "DuckDB")
        if csv == nil { row.notRun = "not run (BENCH_LARGE=0)" }
        return row
    }

    /// nsde's Silver (trims, four date casts, de-duplication on NDC11, quarantine of rows
    /// without one, three expectations) after Bronze, against one DuckDB query computing the
    /// same Silver from the CSV.
    private func silver(csv: URL) throws -> BenchRow {
        let lake = "lakes/silver"
        let out = "out/duckdb-silver.parquet"
        try workspace.writeNSDEDataset("silver", csv: csv, gold: false)
        var medallion = medallionRun("silver", lake: lake, force: true, expect: .built)
        medallion.prepare = freshLake(lake)
        medallion.preparation = "rm -rf \(lake)"
        medallion.outputBytes = { InputFiles.parquetBytes(under: workspace.url("\(lake)/silver")) }
        let script = PeerScripts.duckdbSilver(csv: workspace.relative(csv), out: out, header: try header(of: csv),
                                              silver: (workspace.nsde["silver"] as? [String: Any]) ?? [:])
        return BenchRow(title: "Bronze + Silver (nsde settings), \(sizeText(csv)) CSV", inputBytes: try InputFiles.size(of: csv),
                        medallion: medallion, peers: [python("duckdb", script, writes: out)],
                        targets: [.throughput(atLeast: 1.0)], warmUp: [csv], sizeReference: "DuckDB")
    }

    /// nsde's two Gold tables over the Silver of the same file: a `medallion run` that finds
    /// only the Gold tables changed (so it hashes the source, then builds Gold alone), against
    /// DuckDB running the same GROUP BY queries over that Silver's Parquet files. Like is
    /// compared with like: the Gold state's seconds (TaskStarted → TaskSucceeded in the run's
    /// history: reading Silver, aggregating, writing and publishing both tables) against the
    /// queries' seconds timed inside the script after `import duckdb` (reading, aggregating,
    /// writing both files). Both processes' wall times and peak RSS are reported beside them.
    private func gold(csv: URL) throws -> BenchRow {
        let lake = "lakes/gold"
        let tables = workspace.goldTables
        guard !tables.isEmpty else { throw BenchFailure("datasets/nsde.json has no gold tables to compare") }
        let outputs = tables.indices.map { "out/duckdb-gold-\($0).parquet" }
        var medallion = medallionRun("gold", lake: lake, force: false, expect: .goldOnly(tables: tables.count))
        medallion.counted = .medallionState("Gold", medallion: settings.medallion, lake: lake, directory: workspace.directory)
        // Before each run the tables are removed from the config and a run records that (or
        // skips, the first time: so only its exit status is looked at), so the timed run finds
        // them added and rebuilds them all on the Silver it reuses.
        let forget = medallionRun("gold", lake: lake, force: false, expect: .skipped)
        medallion.prepare = {
            try workspace.writeNSDEDataset("gold", csv: csv, gold: false)
            let run = try MeasuredRun.run(forget, in: workspace.directory)
            guard run.status == 0 else { throw BenchFailure("medallion run gold without its tables failed: \(run.output.prefix(500))") }
            try workspace.writeNSDEDataset("gold", csv: csv, gold: true)
        }
        medallion.preparation = "drop the gold section from datasets/gold.json, medallion run gold --quiet --lake \(lake), put it back"
        // Each run adds a version of every table: only the newest is this run's output.
        medallion.outputBytes = { InputFiles.newestVersionParquetBytes(under: workspace.url("\(lake)/gold/gold")) }
        let silverFiles = "\(lake)/silver/gold/version=*/*.parquet"
        let script = PeerScripts.duckdbGold(silver: silverFiles, tables: tables, out: { outputs[$0] })
        var duckdb = python("duckdb", script, writes: nil)
        duckdb.counted = .printed(PeerScripts.queriesLabel, name: "queries in process")
        duckdb.prepare = { for output in outputs { try? FileManager.default.removeItem(at: workspace.url(output)) } }
        duckdb.preparation = "rm -f \(outputs.joined(separator: " "))"
        duckdb.outputBytes = { outputs.reduce(0) { $0 + ((try? InputFiles.size(of: workspace.url($1))) ?? 0) } }
        var row = BenchRow(title: "Gold: nsde's \(tables.count) tables over the \(sizeText(csv)) CSV's Silver (Gold state vs DuckDB queries)",
                           inputBytes: nil, medallion: medallion, peers: [duckdb], targets: [.throughput(atLeast: 1.0)],
                           warmUp: [csv, workspace.url("\(lake)/silver")], sizeReference: "DuckDB")
        row.setUp = {
            try workspace.writeNSDEDataset("gold", csv: csv, gold: false)
            try ingest("gold", lake: lake)
            // The peer reads `version=*`: more than one Silver version would double its input.
            let versions = try FileManager.default.contentsOfDirectory(atPath: workspace.url("\(lake)/silver/gold").path)
                .filter { $0.hasPrefix("version=") }
            guard versions.count == 1 else { throw BenchFailure("gold row: expected one Silver version, found \(versions)") }
        }
        row.setUpNote = "datasets/gold.json = nsde.json without its gold section; rm -rf \(lake); medallion run gold --force --quiet --lake \(lake)"
        return row
    }

    /// `medallion run` of the nsde dataset (the default flow, all layers) ingested just before:
    /// no --force, so it must find the source unchanged and skip; against SHA-256 of the same
    /// file by `sha256sum` and Python's hashlib. (A Bronze-only flow is no use here: with no
    /// Silver output recorded, every run of it rebuilds.)
    private func skip(csv: URL) throws -> BenchRow {
        let lake = "lakes/skip"
        let source = workspace.relative(csv)
        try workspace.writeNSDEDataset("skip", csv: csv, gold: true)
        var sha256sum = ToolCommand(tool: "sha256sum", executable: "/usr/bin/sha256sum", arguments: [source], shownAs: "sha256sum")
        if !FileManager.default.isExecutableFile(atPath: sha256sum.executable) { sha256sum.unavailable = "not installed" }
        var row = BenchRow(title: "Skip of the unchanged \(sizeText(csv)) source", inputBytes: try InputFiles.size(of: csv),
                           medallion: medallionRun("skip", lake: lake, force: false, expect: .skipped),
                           peers: [sha256sum, python("hashlib", PeerScripts.hashlib(file: source), writes: nil)],
                           targets: [.time(atMost: 1.2)], warmUp: [csv])
        row.setUp = { try ingest("skip", lake: lake) }
        row.setUpNote = "rm -rf \(lake); medallion run skip --force --quiet --lake \(lake)"
        return row
    }

    // MARK: Commands

    private func medallionRun(_ dataset: String, lake: String, force: Bool, expect: MedallionOutcome) -> ToolCommand {
        var command = ToolCommand(tool: "medallion", executable: settings.medallion,
                                  arguments: ["run", dataset] + (force ? ["--force"] : []) + ["--quiet", "--json", "--lake", lake],
                                  shownAs: "medallion")
        command.check = expect.problem(inRunOutput:)
        return command
    }

    /// A peer run as `python -c script`, missing when its module is; `writes` is removed
    /// before each run, so every run writes it anew.
    private func python(_ module: String, _ script: String, writes output: String?) -> ToolCommand {
        let names = ["duckdb": "DuckDB", "polars": "polars", "hashlib": "hashlib"]
        var command = ToolCommand(tool: names[module] ?? module, executable: settings.python, arguments: ["-c", script], shownAs: "python")
        if module != "hashlib", (modules[module] ?? nil) == nil { command.unavailable = "not installed (\(module))" }
        if let output {
            command.prepare = { try? FileManager.default.removeItem(at: workspace.url(output)) }
            command.preparation = "rm -f \(output)"
            command.outputBytes = { try? InputFiles.size(of: workspace.url(output)) }
        }
        return command
    }

    private func freshLake(_ lake: String) -> () throws -> Void {
        { try? FileManager.default.removeItem(at: workspace.url(lake)) }
    }

    /// An untimed `medallion run --force` into a fresh lake, for the rows that start from an
    /// ingested dataset.
    private func ingest(_ dataset: String, lake: String) throws {
        try freshLake(lake)()
        let command = medallionRun(dataset, lake: lake, force: true, expect: .built)
        let run = try MeasuredRun.run(command, in: workspace.directory)
        if let problem = run.status != 0 ? run.output : command.check(run.output) {
            throw BenchFailure("medallion run \(dataset) --force (setting up \(lake)) failed: \(problem.prefix(500))")
        }
    }

    private func header(of csv: URL) throws -> [String] {
        let handle = try FileHandle(forReadingFrom: csv)
        defer { try? handle.close() }
        let head = String(decoding: try handle.read(upToCount: 64 * 1024) ?? Data(), as: UTF8.self)
        // gen_nsde.py's header has no quoted names, so a plain split is exact.
        return head.split(separator: "\n", maxSplits: 1).first.map { $0.split(separator: ",").map(String.init) } ?? []
    }

    private func sizeText(_ csv: URL?) -> String {
        guard let csv, let bytes = try? InputFiles.size(of: csv) else { return "1 GB" }
        return String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}
