import Foundation

// `make bench`: CSV → ZSTD Parquet on the same NSDE-shaped file, end to end, by
// `medallion run` (fetch + SHA-256 + raw copy + bronze with inference + manifest), DuckDB and
// polars (when installed); then Bronze + Silver (nsde's Silver settings: trims, date casts,
// de-duplication on NDC11, quarantine of rows without one) against the same Silver computed by
// one DuckDB query. Prints seconds and MB/s of CSV input for each, and medallion's ratio.

struct Bench {
    let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    let python: String
    let rows: Int
    let repeats = 3

    func shell(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String, seconds: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), Date().timeIntervalSince(start))
    }

    /// The fastest of `repeats` runs (the machine may be shared); a failed run is returned at once.
    func best(_ run: () throws -> (status: Int32, output: String, seconds: Double)) rethrows -> (status: Int32, output: String, seconds: Double) {
        var fastest: (status: Int32, output: String, seconds: Double)?
        for _ in 0..<repeats {
            let result = try run()
            if result.status != 0 { return result }
            if fastest == nil || result.seconds < fastest?.seconds ?? .infinity { fastest = result }
        }
        return fastest ?? (1, "no run", 0)
    }

    func report(_ tool: String, seconds: Double, inputBytes: Int, output: Int?) {
        let mbps = Double(inputBytes) / seconds / 1e6
        let size = output.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "-"
        print(String(format: "%-44@ %8.2f s %9.1f MB/s   parquet %@", tool as NSString, seconds, mbps, size as NSString))
    }

    func directorySize(_ url: URL) -> Int {
        let files = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
        var total = 0
        while let file = files?.nextObject() as? URL {
            if file.pathExtension == "parquet" { total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0 }
        }
        return total
    }

    func run() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-ingest-bench")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work.appendingPathComponent("datasets"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let csv = work.appendingPathComponent("nsde.csv")
        let generator = root.appendingPathComponent("../shared/bench/gen_nsde.py").standardizedFileURL
        guard FileManager.default.fileExists(atPath: generator.path) else {
            print("ingest bench skipped: \(generator.path) not found")
            return
        }
        _ = try shell(python, [generator.path, String(rows), csv.path])
        // Let the generator's writes reach the disk first, so that no tool pays for them.
        sync()
        let inputBytes = (try FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print("input: \(rows) rows, \(String(format: "%.1f", Double(inputBytes) / 1e6)) MB CSV (gen_nsde.py), \(ProcessInfo.processInfo.activeProcessorCount) cores, best of \(repeats) runs each")

        // Bronze alone runs a copy of the default flow without its Silver and Gold states
        // (UpdateManifest takes the whole state, so it needs no other change).
        let machines = work.appendingPathComponent("statemachines")
        try FileManager.default.createDirectory(at: machines, withIntermediateDirectories: true)
        let flowData = try Data(contentsOf: root.appendingPathComponent("statemachines/medallion.asl.json"))
        try flowData.write(to: machines.appendingPathComponent("medallion.asl.json"))
        guard var flow = try JSONSerialization.jsonObject(with: flowData) as? [String: Any],
              var states = flow["States"] as? [String: Any], var bronzeState = states["Bronze"] as? [String: Any],
              states["UpdateManifest"] != nil else {
            print("ingest bench: statemachines/medallion.asl.json has no Bronze → … → UpdateManifest flow")
            return
        }
        bronzeState["Next"] = "UpdateManifest"
        states["Bronze"] = bronzeState
        states.removeValue(forKey: "Silver")
        states.removeValue(forKey: "Gold")
        if var choice = states["Changed?"] as? [String: Any], let choices = choice["Choices"] as? [[String: Any]] {
            choice["Choices"] = choices.filter { $0["Next"] as? String != "Gold" }
            states["Changed?"] = choice
        }
        flow["States"] = states
        try JSONSerialization.data(withJSONObject: flow).write(to: machines.appendingPathComponent("bronze-only.asl.json"))
        let config = """
            {"dataset": "bench", "source": {"url": "file:\(csv.path)", "format": "csv"},
             "state_machine": "statemachines/bronze-only.asl.json"}
            """
        try Data(config.utf8).write(to: work.appendingPathComponent("datasets/bench.json"))
        // Bronze + Silver with the demo nsde dataset's own Silver and quality settings.
        guard var nsde = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("datasets/nsde.json"))) as? [String: Any] else {
            print("ingest bench: datasets/nsde.json unreadable")
            return
        }
        nsde["dataset"] = "bench_silver"
        nsde["source"] = ["url": "file:\(csv.path)", "format": "csv"]
        let gold = nsde.removeValue(forKey: "gold")
        let silverConfig = work.appendingPathComponent("datasets/bench_silver.json")
        try JSONSerialization.data(withJSONObject: nsde).write(to: silverConfig)
        let binary = root.appendingPathComponent(".build/release/medallion").path
        let lake = work.appendingPathComponent("lake")
        // A fresh lake each time: one run's bronze is measured, and every run pays for creating it.
        let medallion = try best {
            try? FileManager.default.removeItem(at: lake)
            return try shell(binary, ["run", "bench", "--force", "--quiet", "--lake", lake.path], in: work)
        }
        if medallion.status != 0 { print("medallion run failed: \(medallion.output)"); return }
        report("medallion run (fetch+sha256+raw+bronze+manifest)", seconds: medallion.seconds, inputBytes: inputBytes,
               output: directorySize(lake.appendingPathComponent("bronze")))

        let duck = work.appendingPathComponent("duckdb.parquet")
        let duckdb = try best { try shell(python, ["-c", """
            import duckdb, sys
            duckdb.sql("COPY (SELECT * FROM read_csv('\(csv.path)', all_varchar=true)) TO '\(duck.path)' (FORMAT parquet, COMPRESSION zstd)")
            """]) }
        if duckdb.status == 0 {
            report("duckdb COPY read_csv(all_varchar) → parquet", seconds: duckdb.seconds, inputBytes: inputBytes,
                   output: (try? FileManager.default.attributesOfItem(atPath: duck.path)[.size] as? Int) ?? nil)
        } else {
            print("duckdb: \(duckdb.output.prefix(300))")
        }
        let pol = work.appendingPathComponent("polars.parquet")
        let polars = try best { try shell(python, ["-c", """
            import polars as pl
            pl.scan_csv('\(csv.path)', infer_schema=False).sink_parquet('\(pol.path)', compression='zstd')
            """]) }
        if polars.status == 0 {
            report("polars scan_csv(strings) → sink_parquet", seconds: polars.seconds, inputBytes: inputBytes,
                   output: (try? FileManager.default.attributesOfItem(atPath: pol.path)[.size] as? Int) ?? nil)
        } else {
            print("polars not available (pip install polars into .venv to compare)")
        }
        let peers = [duckdb, polars].filter { $0.status == 0 }.map(\.seconds)
        if let fastest = peers.min() {
            print(String(format: "bronze: medallion at %.2f× the fastest peer's throughput", fastest / medallion.seconds))
        }

        print("")
        let silverRun = try best {
            try? FileManager.default.removeItem(at: lake)
            return try shell(binary, ["run", "bench_silver", "--force", "--quiet", "--lake", lake.path], in: work)
        }
        if silverRun.status != 0 { print("medallion bronze+silver run failed: \(silverRun.output)"); return }
        report("medallion run (… bronze + silver)", seconds: silverRun.seconds, inputBytes: inputBytes,
               output: directorySize(lake.appendingPathComponent("silver")))
        let duckSilver = work.appendingPathComponent("duckdb-silver.parquet")
        let dates = ["Marketing Start Date", "Marketing End Date", "Inactivation Date", "Reactivation Date"]
        let others = ["Item Code", "Proprietary Name", "Dosage Form", "Marketing Category", "Application Number or Citation",
                      "Product Type", "Billing Unit"]
        func snake(_ name: String) -> String { name.lowercased().replacingOccurrences(of: " ", with: "_") }
        let select = (["nullif(trim(\"NDC11\"), '') AS ndc11"]
            + others.map { "nullif(trim(\"\($0)\"), '') AS \(snake($0))" }
            + dates.map { "try_strptime(nullif(trim(\"\($0)\"), ''), '%Y%m%d')::DATE AS \(snake($0))" }).joined(separator: ", ")
        let duckSilverRun = try best { try shell(python, ["-c", """
            import duckdb
            duckdb.sql(\"\"\"COPY (SELECT DISTINCT ON (ndc11) * FROM (
                SELECT \(select), row_number() OVER () AS _source_row FROM read_csv('\(csv.path)', all_varchar=true))
              WHERE ndc11 IS NOT NULL ORDER BY ndc11, _source_row DESC)
              TO '\(duckSilver.path)' (FORMAT parquet, COMPRESSION zstd)\"\"\")
            """]) }
        if duckSilverRun.status == 0 {
            report("duckdb trims+casts+DISTINCT ON(ndc11) → parquet", seconds: duckSilverRun.seconds, inputBytes: inputBytes,
                   output: (try? FileManager.default.attributesOfItem(atPath: duckSilver.path)[.size] as? Int) ?? nil)
            print(String(format: "bronze+silver: medallion at %.2f× DuckDB's throughput", duckSilverRun.seconds / silverRun.seconds))
        } else {
            print("duckdb silver: \(duckSilverRun.output.prefix(300))")
        }
        try goldBench(gold: gold, nsde: nsde, config: silverConfig, binary: binary, lake: lake, work: work, inputBytes: inputBytes)
    }

    /// The demo nsde Gold tables over the 2M-row Silver just built: a Gold-only run (the source
    /// is hashed to learn nothing changed, then Gold runs) against DuckDB computing the same
    /// tables from the same Silver Parquet into ZSTD Parquet. A skip run shows the hashing share.
    func goldBench(gold: Any?, nsde: [String: Any], config: URL, binary: String, lake: URL, work: URL, inputBytes: Int) throws {
        guard let gold = gold as? [String: Any], let tables = gold["tables"] as? [[String: Any]] else { return }
        print("")
        let skip = try best { try shell(binary, ["run", "bench_silver", "--quiet", "--lake", lake.path], in: work) }
        var withGold = nsde
        withGold["gold"] = gold
        let goldRun = try best {
            // Each attempt starts from the Silver-only version, so it rebuilds every table.
            try? FileManager.default.removeItem(at: lake.appendingPathComponent("gold"))
            try JSONSerialization.data(withJSONObject: nsde).write(to: config)
            _ = try shell(binary, ["run", "bench_silver", "--force", "--quiet", "--lake", lake.path], in: work)
            try JSONSerialization.data(withJSONObject: withGold).write(to: config)
            return try shell(binary, ["run", "bench_silver", "--quiet", "--lake", lake.path], in: work)
        }
        if goldRun.status != 0 { print("medallion gold run failed: \(goldRun.output)"); return }
        report("medallion skip run (fetch+sha256, nothing to do)", seconds: skip.seconds, inputBytes: inputBytes, output: nil)
        report("medallion gold-only run (sha256 + \(tables.count) gold tables)", seconds: goldRun.seconds, inputBytes: inputBytes,
               output: directorySize(lake.appendingPathComponent("gold")))
        let silver = lake.appendingPathComponent("silver/bench_silver").path
        var statements: [String] = []
        for (index, table) in tables.enumerated() {
            let groups = (table["group_by"] as? [String]) ?? []
            let metrics = (table["metrics"] as? [String: String]) ?? [:]
            let selects = groups.map { "\"\($0)\"" } + metrics.map { name, expression in
                let sql = expression.replacingOccurrences(of: "count_distinct(", with: "count(DISTINCT ")
                    .replacingOccurrences(of: "percentile(", with: "quantile_cont(")
                    .replacingOccurrences(of: "median(", with: "median(")
                return "\(sql) AS \"\(name)\""
            }
            var sql = "SELECT \(selects.joined(separator: ", ")) FROM read_parquet('\(silver)/version=*/*.parquet')"
            let filters = (table["where"] as? [[String: Any]]) ?? []
            let conditions = filters.compactMap { filter -> String? in
                guard let column = filter["column"] as? String, let op = filter["op"] as? String else { return nil }
                return op.hasPrefix("is") ? "\"\(column)\" \(op.uppercased())" : nil
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            if !groups.isEmpty { sql += " GROUP BY " + groups.map { "\"\($0)\"" }.joined(separator: ", ") }
            statements.append("COPY (\(sql)) TO '\(work.appendingPathComponent("duck-gold-\(index).parquet").path)' (FORMAT parquet, COMPRESSION zstd)")
        }
        let script = "import duckdb\ncon = duckdb.connect()\n" + statements.map { "con.execute(\"\"\"\($0)\"\"\")" }.joined(separator: "\n")
        let duck = try best { try shell(python, ["-c", script]) }
        if duck.status == 0 {
            report("duckdb the same \(tables.count) GROUP BY queries over our Silver → parquet", seconds: duck.seconds,
                   inputBytes: inputBytes, output: nil)
            print(String(format: "gold: medallion gold-only run at %.2f× DuckDB's speed (%.2f× counting Gold alone, the skip run's time taken off)",
                         duck.seconds / goldRun.seconds, duck.seconds / max(0.001, goldRun.seconds - skip.seconds)))
        } else {
            print("duckdb gold: \(duck.output.prefix(300))")
        }
    }
}

let arguments = CommandLine.arguments
let rows = arguments.count > 1 ? Int(arguments[1]) ?? 2_000_000 : 2_000_000
let python = ProcessInfo.processInfo.environment["MEDALLION_PYTHON"] ?? ".venv/bin/python"
do {
    try Bench(python: python, rows: rows).run()
} catch {
    print("ingest bench failed: \(error)")
    exit(1)
}
