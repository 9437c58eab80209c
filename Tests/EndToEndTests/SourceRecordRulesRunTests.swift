import Foundation
import Testing
import TestSupport

/// Strict CSV quotes and `source.max_record_bytes` through `medallion run`: the run fails with
/// the place named and nothing published; `source.csv.lenient` reads what strict refuses.
@Suite(.serialized) struct SourceRecordRulesRunTests {
    private func dataset(_ ws: PipelineWorkspace, _ name: String, text: String, source: String) throws {
        try ws.write("datasets/samples/\(name).csv", text)
        try ws.write("datasets/\(name).json", """
            {"dataset": "\(name)", "source": {"url": "file:datasets/samples/\(name).csv", "format": "csv"\(source)}}
            """)
    }

    private func failure(_ ws: PipelineWorkspace, _ name: String) throws -> String {
        let run = try ws.medallion(["run", name, "--json", "--quiet"])
        #expect(run.status == 1, "\(run.stdout)")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("bronze/\(name)/") })
        return try #require(try PipelineWorkspace.jsonLines(run.stdout).first?["error"] as? String)
    }

    @Test func textAfterAClosingQuoteFailsUnlessLenient() throws {
        let ws = try PipelineWorkspace("strict-quotes")
        defer { ws.remove() }
        let text = "id,name\n1,\"x\"\n2,\"ab\"c\n"
        try dataset(ws, "quotes", text: text, source: "")
        let error = try failure(ws, "quotes")
        #expect(error.contains("quotes.csv, record 2 (line 3), column 'name': 'c' after the closing quote"), "\(error)")

        try dataset(ws, "quotes", text: text, source: #", "csv": {"lenient": true}"#)
        let run = try ws.medallion(["run", "quotes", "--json", "--quiet"])
        #expect(run.status == 0, "\(run.stdout)")
        let bronze = try runPython("""
            import glob, json, sys
            import pyarrow.parquet as pq
            print(json.dumps(pq.read_table(glob.glob(sys.argv[1] + '/bronze/quotes/run=*/*.parquet')[0]).column('name').to_pylist()))
            """, [ws.lake.path])
        #expect(bronze.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"["x", "abc"]"#, "\(bronze.stderr)")
    }

    @Test func aRecordOverMaxRecordBytesFailsNamingRecordAndLine() throws {
        let ws = try PipelineWorkspace("record-bytes")
        defer { ws.remove() }
        let long = String(repeating: "x", count: 200)
        try dataset(ws, "big", text: "id,text\n1,short\n2,\"\(long)\n\(long)\"\n3,short\n", source: #", "max_record_bytes": 256"#)
        let error = try failure(ws, "big")
        #expect(error.contains("big.csv, record 2 (line 3): the record is longer than source.max_record_bytes (256 bytes)"), "\(error)")
    }
}
