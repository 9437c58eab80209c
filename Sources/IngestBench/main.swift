import Foundation

// `make bench`'s comparison with the peers a user would otherwise script (issue 15): one
// table, a row per comparison, medallion's ratio to the best peer, medians of alternating
// runs, peak RSS from /usr/bin/time -v, and under it every run and every command.

/// Progress on stderr, so stdout holds only the report.
func progress(_ line: String) {
    FileHandle.standardError.write(Data("· \(line)\n".utf8))
}

do {
    let settings = try BenchSettings.parse(arguments: Array(CommandLine.arguments.dropFirst()),
                                           environment: ProcessInfo.processInfo.environment)
    guard FileManager.default.isExecutableFile(atPath: settings.medallion) else {
        throw BenchFailure("\(settings.medallion) not found: build it first (swift build -c release --product medallion)")
    }
    let modules: [String: String?] = ["duckdb": ToolVersions.python("duckdb", python: settings.python),
                                      "polars": ToolVersions.python("polars", python: settings.python)]
    let header = MachineInfo.lines(settings: settings, medallionVersion: ToolVersions.medallion(settings.medallion), modules: modules)
    let workspace = try BenchWorkspace(settings: settings)
    let rows = try Comparisons(settings: settings, workspace: workspace, modules: modules, progress: progress).rows()
    var results: [RowResult] = []
    for row in rows {
        results.append(try row.measure(runs: settings.runs, in: workspace.directory, progress: progress))
    }
    workspace.removeOutputs()
    print("## medallion vs polars and DuckDB (IngestBench)")
    print("reproduce: make bench (BENCH_RUNS=\(settings.runs); BENCH_LARGE=0 leaves out the 1 GB file)")
    header.forEach { print($0) }
    print("")
    ResultTable.markdown(results).forEach { print($0) }
    if results.count > 1, let growth = ResultTable.memoryGrowth(small: results[0], large: results[1]) { print(growth) }
    let root = settings.root.path + "/"
    let shown = workspace.directory.path.hasPrefix(root) ? String(workspace.directory.path.dropFirst(root.count)) : workspace.directory.path
    ResultTable.notes(results, workspace: shown, settings: settings).forEach { print($0) }
} catch {
    print("ingest bench failed: \(error)")
    exit(1)
}
