import Foundation
import Testing
import TestSupport

/// Edge-case sources through `medallion run`: what lands in bronze (read back with pyarrow),
/// or, for a bad source, a failed run naming the place and publishing nothing.
@Suite(.serialized) struct SourceEdgeCaseRunTests {
    private func dataset(_ ws: PipelineWorkspace, _ name: String, file: String, bytes: [UInt8], source: String) throws {
        let url = ws.root.appendingPathComponent("datasets/samples/\(file)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        try ws.write("datasets/\(name).json", """
            {"dataset": "\(name)", "source": {"url": "file:datasets/samples/\(file)", \(source)}}
            """)
    }

    /// The bronze partition's source columns and rows (lineage columns left out), as JSON text.
    private func bronze(_ ws: PipelineWorkspace, _ name: String) throws -> String {
        let result = try runPython("""
            import glob, json, sys
            import pyarrow.parquet as pq
            files = glob.glob(sys.argv[1] + '/bronze/' + sys.argv[2] + '/run=*/*.parquet')
            assert len(files) == 1, files
            t = pq.read_table(files[0])
            cols = [c for c in t.column_names if not c.startswith('_')]
            print(json.dumps({'columns': cols, 'rows': [[r[c] for c in cols] for r in t.select(cols).to_pylist()],
                              'source_row': t.column('_source_row').to_pylist()}))
            """, [ws.lake.path, name])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func headerOnlyCSVLandsAnEmptyBronzeWithItsColumns() throws {
        let ws = try PipelineWorkspace("header-only")
        defer { ws.remove() }
        try dataset(ws, "hdr", file: "hdr.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("id,\"full name\"\r\n\r\n".utf8), source: #""format": "csv""#)
        let run = try ws.medallion(["run", "hdr", "--json", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr) stdout: \(run.stdout)")
        #expect(try bronze(ws, "hdr") == #"{"columns": ["id", "full name"], "rows": [], "source_row": []}"#)
    }

    @Test func emptyAndBOMOnlyCSVFailNamingTheFile() throws {
        let ws = try PipelineWorkspace("empty-csv")
        defer { ws.remove() }
        for (name, bytes) in [("empty", [UInt8]()), ("bomonly", [0xEF, 0xBB, 0xBF]), ("blanks", Array("\r\n\n".utf8))] {
            try dataset(ws, name, file: "\(name).csv", bytes: bytes, source: #""format": "csv""#)
            let run = try ws.medallion(["run", name, "--json", "--quiet"])
            #expect(run.status == 1, "\(name): \(run.stdout)")
            let error = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
            #expect(error.contains("\(name).csv") && error.contains("empty"), "\(name): \(error)")
        }
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })
    }

    @Test func quotedMultilineFieldsAndPipeDelimiterLandExactly() throws {
        let ws = try PipelineWorkspace("pipe")
        defer { ws.remove() }
        try dataset(ws, "pipe", file: "p.csv", bytes: Array("a|b\r\n\"x\r\ny\"|\"\"\n|\"q\"\"\"\r3|4".utf8),
                    source: #""format": "csv", "csv": {"delimiter": "|"}"#)
        let run = try ws.medallion(["run", "pipe", "--json", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try bronze(ws, "pipe") == #"{"columns": ["a", "b"], "rows": [["x\r\ny", ""], [null, "q\""], ["3", "4"]], "source_row": [1, 2, 3]}"#)
    }

    @Test func raggedRecordAfterMultilineRecordsNamesItsLine() throws {
        let ws = try PipelineWorkspace("ragged-lines")
        defer { ws.remove() }
        try dataset(ws, "rag", file: "r.csv", bytes: Array("a,b\r\"1\r2\",3\r4,5,6\r".utf8), source: #""format": "csv""#)
        let run = try ws.medallion(["run", "rag", "--json", "--quiet"])
        #expect(run.status == 1)
        let error = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
        #expect(error.contains("r.csv, record 2 (line 4)"), "\(error)")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })
    }

    @Test func jsonValuesLandAsExactText() throws {
        let ws = try PipelineWorkspace("json-values")
        defer { ws.remove() }
        let text = """
            {"id": 12345678901234567890123, "x": 1.0, "y": -0, "z": 1E+2, "s": "\\u00e9\\ud83d\\ude00\\/", "n": {"k": [1, {"a": null}]}, "d": 1, "d": 2}\r
            \r
            {"b": true, "id": null, "later": "x"}
            {}
            """
        try dataset(ws, "vals", file: "v.ndjson", bytes: Array(text.utf8), source: #""format": "ndjson""#)
        let run = try ws.medallion(["run", "vals", "--json", "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try bronze(ws, "vals") == #"""
            {"columns": ["id", "x", "y", "z", "s", "n", "d", "b", "later"], "rows": [["12345678901234567890123", "1.0", "-0", "1E+2", "\u00e9\ud83d\ude00/", "{\"k\":[1,{\"a\":null}]}", "2", null, null], [null, null, null, null, null, null, null, "true", "x"], [null, null, null, null, null, null, null, null, null]], "source_row": [1, 2, 3]}
            """#)
    }

    @Test func aSourceColumnNamedLikeALineageColumnInAnyCaseFails() throws {
        let ws = try PipelineWorkspace("lineage-clash")
        defer { ws.remove() }
        try dataset(ws, "clash", file: "c.csv", bytes: Array("id,_Source_Row\n1,2\n".utf8), source: #""format": "csv""#)
        let run = try ws.medallion(["run", "clash", "--json", "--quiet"])
        #expect(run.status == 1)
        let error = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
        #expect(error.contains("'_Source_Row' collides with a bronze lineage column"), "\(error)")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })
    }

    @Test func jsonWithGarbageAfterTheDocumentFailsNamingTheLine() throws {
        let ws = try PipelineWorkspace("json-trailing")
        defer { ws.remove() }
        try dataset(ws, "trail", file: "t.json", bytes: Array("{\"data\": [{\"a\": 1}]}\n,\n".utf8),
                    source: #""format": "json", "json": {"records_path": "$.data"}"#)
        let run = try ws.medallion(["run", "trail", "--json", "--quiet"])
        #expect(run.status == 1)
        let error = try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
        #expect(error.contains("t.json") && error.contains("line 2"), "\(error)")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/") })
    }
}
