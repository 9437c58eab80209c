import Foundation

/// What `make bench` passes in: paths as arguments (the Makefile knows where it built things),
/// sizes and repeats as environment variables (so `BENCH_RUNS=5 make bench` needs no edit).
struct BenchSettings {
    /// The repository root: `datasets/nsde.json` and `statemachines/` are read from here.
    var root: URL
    var medallion: String
    var python: String
    /// Generated CSVs are kept here between benches (generating 8M rows takes minutes).
    var cache: URL
    var generator: URL
    var rows: Int
    var largeRows: Int
    var runLarge: Bool
    var runs: Int

    static let usage = """
        usage: IngestBench [--medallion PATH] [--python PATH] [--cache DIR] [--generator gen_nsde.py]
        environment: BENCH_RUNS (default 3), BENCH_ROWS (2000000), BENCH_LARGE_ROWS (8000000), BENCH_LARGE=0 skips the large file
        """

    static func parse(arguments: [String], environment: [String: String]) throws -> BenchSettings {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var options: [String: String] = [:]
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard ["--medallion", "--python", "--cache", "--generator"].contains(name), let value = rest.popFirst() else {
                throw BenchFailure("unexpected argument \(name)\n\(usage)")
            }
            options[name] = value
        }
        func absolute(_ path: String) -> URL {
            path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path).standardizedFileURL
        }
        func count(_ name: String, default value: Int) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let parsed = Int(text), parsed > 0 else { throw BenchFailure("\(name)=\(text): expected a positive integer") }
            return parsed
        }
        return BenchSettings(
            root: root,
            medallion: absolute(options["--medallion"] ?? ".build/release/medallion").path,
            python: absolute(options["--python"] ?? environment["MEDALLION_PYTHON"] ?? ".venv/bin/python").path,
            cache: absolute(options["--cache"] ?? ".build/bench"),
            generator: absolute(options["--generator"] ?? "../shared/bench/gen_nsde.py"),
            rows: try count("BENCH_ROWS", default: 2_000_000),
            largeRows: try count("BENCH_LARGE_ROWS", default: 8_000_000),
            runLarge: environment["BENCH_LARGE"] != "0",
            runs: try count("BENCH_RUNS", default: 3))
    }
}
