import Foundation
import Testing
import TestSupport

/// A JSON source with no records runs end to end: Bronze holds the lineage columns and no rows,
/// Silver is empty, the manifest records 0 rows. Silver's `min_rows` gate still applies.
@Suite(.serialized) struct SourceEmptyJSONRunTests {
    private func dataset(_ ws: PipelineWorkspace, _ name: String, file: String, text: String, source: String,
                         silver: String = "") throws {
        try ws.write("datasets/samples/\(file)", text)
        try ws.write("datasets/\(name).json", """
            {"dataset": "\(name)", "source": {"url": "file:datasets/samples/\(file)", \(source)}\(silver)}
            """)
    }

    @Test func emptyJSONAndNDJSONSourcesRunWithNoRows() throws {
        let ws = try PipelineWorkspace("empty-json")
        defer { ws.remove() }
        try dataset(ws, "arr", file: "arr.json", text: "[]\n", source: #""format": "json""#)
        try dataset(ws, "nested", file: "nested.json", text: #"{"meta": {"count": 0}, "data": {"items": []}}"#,
                    source: #""format": "json", "json": {"records_path": "$.data.items"}"#)
        try dataset(ws, "lines", file: "lines.ndjson", text: "", source: #""format": "ndjson""#)
        for name in ["arr", "nested", "lines"] {
            let run = try ws.medallion(["run", name, "--json", "--quiet"])
            #expect(run.status == 0, "\(name): \(run.stdout) \(run.stderr)")
            let summary = try #require(try PipelineWorkspace.jsonLines(run.stdout).first)
            #expect(summary["status"] as? String == "succeeded", "\(name): \(summary)")
            let rows = summary["rows"] as? [String: Any]
            #expect(rows?["source"] as? Int == 0 && rows?["bronze"] as? Int == 0 && rows?["silver"] as? Int == 0, "\(name): \(summary)")
            let tables = try runPython("""
                import glob, json, sys
                import pyarrow.parquet as pq
                out = {}
                for layer, pattern in [('bronze', '/bronze/%s/run=*/*.parquet'), ('silver', '/silver/%s/version=*/*.parquet')]:
                    files = glob.glob(sys.argv[1] + pattern % sys.argv[2])
                    t = pq.read_table(files[0])
                    out[layer] = [t.num_rows, t.column_names]
                print(json.dumps(out, sort_keys=True))
                """, [ws.lake.path, name])
            #expect(tables.status == 0, "\(name): \(tables.stderr)")
            #expect(tables.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"bronze": [0, ["_run_id", "_ingested_at", "_source_row", "_source_sha256"]], "silver": [0, ["_run_id", "_ingested_at", "_source_row"]]}"#,
                    "\(name): \(tables.stdout)")
        }
        let manifest = try ws.medallion(["manifest", "arr", "--json"])
        #expect(manifest.status == 0, "\(manifest.stderr)")
    }

    @Test func silverMinRowsStillGatesAnEmptySource() throws {
        let ws = try PipelineWorkspace("empty-json-gate")
        defer { ws.remove() }
        try dataset(ws, "gated", file: "gated.json", text: "[]", source: #""format": "json""#,
                    silver: #", "data_quality": {"min_rows": 1}"#)
        let run = try ws.medallion(["run", "gated", "--json", "--quiet"])
        #expect(run.status == 1, "\(run.stdout)")
        let error = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
        #expect(error.contains("Silver has 0 rows, fewer than data_quality.min_rows 1"), "\(error)")
    }
}
