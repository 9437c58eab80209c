import Foundation
import Testing
import TestSupport

/// A throwaway copy of the repository's datasets, samples and state machines with its own lake,
/// so end-to-end tests drive the real binary without touching the checkout.
struct PipelineWorkspace {
    let root: URL
    var lake: URL { root.appendingPathComponent("lake") }
    var manifest: URL { lake.appendingPathComponent("manifest.sqlite") }

    init(_ label: String) throws {
        root = try TestEnvironment.makeTemporaryDirectory("e2e-\(label)")
        let fm = FileManager.default
        for directory in ["datasets", "statemachines"] {
            try fm.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent(directory),
                            to: root.appendingPathComponent(directory))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs `medallion` in the workspace with an explicit lake.
    @discardableResult
    func medallion(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(TestEnvironment.medallionBinary.path, arguments,
                       environment: ["MEDALLION_LAKE": lake.path, "MEDALLION_MANIFEST": "", "MEDALLION_LOG_LEVEL": "warning"]
                           .merging(environment) { $1 },
                       currentDirectory: root)
    }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Every file under the lake (relative paths), sorted, the manifest's own files excluded.
    func lakeFiles() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: lake.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: lake.appendingPathComponent(path).path, isDirectory: &isDirectory)
            if exists && !isDirectory.boolValue && !path.hasPrefix("manifest.sqlite") && !path.hasPrefix(".locks") {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// The JSON objects printed one per line on stdout.
    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}

/// Runs SQL in DuckDB from the test venv and returns the first column of the first row as text.
func duckdbScalar(_ sql: String) throws -> String {
    let result = try runPython("""
        import duckdb, sys
        print(duckdb.connect().execute(sys.argv[1]).fetchone()[0])
        """, [sql])
    #expect(result.status == 0, "duckdb failed: \(result.stderr)")
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
