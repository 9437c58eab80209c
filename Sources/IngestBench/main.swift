import Foundation

// `make bench`: CSV → ZSTD Parquet on the same NSDE-shaped file, end to end, by
// `medallion run` (fetch + SHA-256 + raw copy + bronze with inference + manifest), DuckDB and
// polars (when installed). Prints seconds and MB/s of CSV input for each.

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

        let config = """
            {"dataset": "bench", "source": {"url": "file:\(csv.path)", "format": "csv"},
             "state_machine": "statemachines/medallion.asl.json"}
            """
        try Data(config.utf8).write(to: work.appendingPathComponent("datasets/bench.json"))
        try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("statemachines"),
                                                   withDestinationURL: root.appendingPathComponent("statemachines"))
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
