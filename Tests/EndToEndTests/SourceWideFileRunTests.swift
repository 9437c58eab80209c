import Foundation
import Testing
import TestSupport

/// Wide sources through `medallion run`: memory does not grow with the number of columns times
/// a fixed per-column cost (it did by ~85 KB a column: 1.7 GB for 20,000), 20,000 columns all
/// named `a` are named in linear time, and a source wider than `source.max_columns` fails naming
/// the file, its width and the setting.
@Suite(.serialized) struct SourceWideFileRunTests {
    /// Writes a CSV of `columns` × `rows` (values repeat every 1,000 rows) with Python, fast.
    private func writeWideCSV(_ ws: PipelineWorkspace, _ file: String, columns: Int, rows: Int, header: String? = nil) throws {
        let result = try runPython("""
            import sys
            path, columns, rows, header = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
            with open(path, 'w') as f:
                f.write(','.join(header if header else f'c{i}' for i in range(columns)) + '\\n')
                for r in range(rows):
                    f.write(','.join(str((r * 7 + i) % 1000) for i in range(columns)) + '\\n')
            """, [ws.root.appendingPathComponent("datasets/samples/\(file)").path, "\(columns)", "\(rows)", header ?? ""])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// Runs the binary under Python and returns its status, its peak RSS (the child's
    /// `ru_maxrss`, in MB), wall time and output.
    private func measured(_ ws: PipelineWorkspace, _ arguments: [String]) throws -> (status: Int32, peakMB: Int, seconds: Double, stdout: String) {
        let result = try runPython("""
            import resource, subprocess, sys, time
            started = time.monotonic()
            done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
            elapsed = time.monotonic() - started
            sys.stderr.write(done.stdout)
            print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed)
            """, [ws.root.path, TestEnvironment.medallionBinary.path] + arguments,
            environment: ["MEDALLION_LAKE": ws.lake.path, "MEDALLION_MANIFEST": "", "MEDALLION_LOG_LEVEL": "warning"])
        let parts = result.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 3 else { return (-1, Int.max, .infinity, result.stderr) }
        return (Int32(parts[0]) ?? -1, (Int(parts[1]) ?? Int.max) / 1024, Double(parts[2]) ?? .infinity, result.stderr)
    }

    /// Column count, row count and the named column's values of the one Bronze file.
    private func bronze(_ ws: PipelineWorkspace, _ dataset: String, column: String) throws -> String {
        let result = try runPython("""
            import glob, json, sys
            import pyarrow.parquet as pq
            files = glob.glob(sys.argv[1] + '/bronze/' + sys.argv[2] + '/run=*/*.parquet')
            assert len(files) == 1, files
            f = pq.ParquetFile(files[0])
            values = f.read(columns=[sys.argv[3]]).column(0).to_pylist()
            print(json.dumps([f.metadata.num_columns, f.metadata.num_rows, f.schema_arrow.names[-5], values[:3]]))
            """, [ws.lake.path, dataset, column])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The default flow with Silver and Gold taken out: Bronze straight to UpdateManifest.
    private func writeBronzeOnlyFlow(_ ws: PipelineWorkspace) throws {
        let url = ws.root.appendingPathComponent("statemachines/medallion.asl.json")
        var flow = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var states = try #require(flow["States"] as? [String: Any])
        var bronze = try #require(states["Bronze"] as? [String: Any])
        bronze["Next"] = "UpdateManifest"
        states["Bronze"] = bronze
        states["Silver"] = nil
        states["Gold"] = nil
        var changed = try #require(states["Changed?"] as? [String: Any])
        changed["Choices"] = (changed["Choices"] as? [[String: Any]])?.filter { $0["Next"] as? String != "Gold" }
        states["Changed?"] = changed
        flow["States"] = states
        try JSONSerialization.data(withJSONObject: flow).write(to: ws.root.appendingPathComponent("statemachines/bronze-only.asl.json"))
    }

    @Test func tenThousandColumnsIngestInBoundedMemory() throws {
        let ws = try PipelineWorkspace("wide")
        defer { ws.remove() }
        try writeWideCSV(ws, "wide.csv", columns: 10_000, rows: 1_000)
        try writeBronzeOnlyFlow(ws)
        try ws.write("datasets/wideb.json", #"{"dataset": "wideb", "source": {"url": "file:datasets/samples/wide.csv", "format": "csv"}, "state_machine": "statemachines/bronze-only.asl.json"}"#)
        try ws.write("datasets/wide.json", #"{"dataset": "wide", "source": {"url": "file:datasets/samples/wide.csv", "format": "csv"}}"#)

        // Reading the source into Bronze: before, about 85 KB a column on top of the data
        // (1.4 GB here); now the builders, writer and inference state per column are small.
        let bronze = try measured(ws, ["run", "wideb", "--json", "--quiet"])
        #expect(bronze.status == 0, "\(bronze.stdout)")
        #expect(bronze.peakMB < 300, "Bronze: peak RSS \(bronze.peakMB) MB")
        // 10,000 source columns + 4 lineage columns; column c9999 holds (7r + 9999) mod 1000.
        #expect(try self.bronze(ws, "wideb", column: "c9999") == #"[10004, 1000, "c9999", ["999", "6", "13"]]"#)

        // The whole default flow: Silver holds a Bronze row group of every column, typed, and
        // its own row group being written, so it peaks higher (as it does for a narrow file of
        // the same 10 M values); before it was 1.5 GB.
        let run = try measured(ws, ["run", "wide", "--json", "--quiet"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.peakMB < 500, "medallion run: peak RSS \(run.peakMB) MB")
        let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
        let rows = summary["rows"] as? [String: Any]
        #expect(rows?["bronze"] as? Int == 1_000 && rows?["silver"] as? Int == 1_000, "\(summary)")
    }

    @Test func twentyThousandColumnsAllNamedAAreNamedInLinearTime() throws {
        let ws = try PipelineWorkspace("wide-dup")
        defer { ws.remove() }
        try writeWideCSV(ws, "dup.csv", columns: 20_000, rows: 1, header: "a")
        try ws.write("datasets/dup.json", #"{"dataset": "dup", "source": {"url": "file:datasets/samples/dup.csv", "format": "csv", "max_columns": 20000}}"#)
        let run = try measured(ws, ["run", "dup", "--json", "--quiet"])
        #expect(run.status == 0, "\(run.stdout)")
        // Before, the renaming alone took 49 s in a release build (minutes in a debug one) and
        // the run 1.7 GB for one row; now the whole debug-build run takes seconds.
        #expect(run.seconds < 60, "\(run.seconds) s")
        #expect(run.peakMB < 300, "peak RSS \(run.peakMB) MB")
        #expect(try bronze(ws, "dup", column: "a_19999") == #"[20004, 1, "a_19999", ["999"]]"#)
    }

    @Test func aSourceWiderThanMaxColumnsFailsNamingTheCountAndTheSetting() throws {
        let ws = try PipelineWorkspace("wide-limit")
        defer { ws.remove() }
        try writeWideCSV(ws, "over.csv", columns: 16_385, rows: 2)
        try ws.write("datasets/over.json", #"{"dataset": "over", "source": {"url": "file:datasets/samples/over.csv", "format": "csv"}}"#)
        let run = try ws.medallion(["run", "over", "--json", "--quiet"])
        #expect(run.status == 1)
        let error = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
        #expect(error.contains("file:datasets/samples/over.csv (line 1): the header names 16385 columns, more than source.max_columns (16384)"),
                "\(error)")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })

        // Raised, the same file reads.
        try ws.write("datasets/over.json", #"{"dataset": "over", "source": {"url": "file:datasets/samples/over.csv", "format": "csv", "max_columns": 16385}}"#)
        let raised = try ws.medallion(["run", "over", "--json", "--quiet"])
        #expect(raised.status == 0, "\(raised.stdout) \(raised.stderr)")
    }
}
