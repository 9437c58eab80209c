import Foundation
import Testing
import TestSupport

/// Every Silver and Gold table a run writes is a Delta table: delta-rs (`deltalake`) and
/// `polars.read_delta` open each one at every version the manifest names, and read the rows of
/// the partition that manifest version recorded (read by pyarrow).
@Suite struct DeltaTablesRunTests {
    /// argv: lake root, then the manifest history as JSON. Prints one line per (table, version)
    /// with what each reader saw; exits 1 on the first disagreement.
    static let readEveryVersion = """
        import json, os, sys
        import pyarrow.parquet as pq, polars as pl
        from deltalake import DeltaTable
        lake, history = sys.argv[1], json.loads(sys.argv[2])
        def rows(dicts):
            return sorted(json.dumps(row, default=str, sort_keys=True) for row in dicts)
        checked = []
        for version in history:
            dataset = version["dataset"]
            for layer, delta_version in sorted(version["delta_versions"].items()):
                root = f"{lake}/silver/{dataset}" if layer == "silver" else f"{lake}/gold/{dataset}/{layer[5:]}"
                partition = version["outputs"][layer][len("file://"):]
                ours = pq.read_table(f"{partition}/part-00000.parquet")
                dt = DeltaTable(root, version=delta_version)
                theirs = dt.to_pyarrow_table()
                polars = pl.read_delta(root, version=delta_version)
                same_delta = theirs.schema == ours.schema and rows(theirs.to_pylist()) == rows(ours.to_pylist())
                same_polars = polars.columns == ours.column_names and \\
                    rows(polars.to_dicts()) == rows(pl.from_arrow(ours).to_dicts())
                checked.append({"dataset": dataset, "manifest": version["version"], "layer": layer,
                                "delta": delta_version, "rows": theirs.num_rows,
                                "delta_rs": same_delta, "polars": same_polars})
        print(json.dumps(checked), flush=True)
        # Skip interpreter teardown: under load, pyarrow and deltalake threads sometimes abort
        # at exit ("terminate called without an active exception") after the work is done.
        os._exit(0)
        """

    @Test func deltaRsAndPolarsOpenEveryTableAtEveryVersion() throws {
        let ws = try PipelineWorkspace("delta-tables")
        defer { ws.remove() }
        try #require(ws.medallion(["run", "--all", "--concurrency", "1", "--quiet"]).status == 0)
        try #require(ws.medallion(["run", "nsde", "--force", "--quiet"]).status == 0)
        var history: [[String: Any]] = []
        for dataset in ["nsde", "claims", "providers"] {
            let result = try ws.medallion(["manifest", dataset, "--history", "--json"])
            try #require(result.status == 0, "\(result.stderr)")
            history += try #require(try PipelineWorkspace.json(result.stdout) as? [[String: Any]])
        }
        let nsde = history.filter { $0["dataset"] as? String == "nsde" }
        #expect(nsde.map { $0["delta_versions"] as? [String: Int] } == [
            ["silver": 1, "gold.by_marketing_category": 1, "gold.by_product_type": 1],
            ["silver": 0, "gold.by_marketing_category": 0, "gold.by_product_type": 0],
        ])
        let data = try JSONSerialization.data(withJSONObject: history)
        let result = try runPython(Self.readEveryVersion, [ws.lake.path, String(decoding: data, as: UTF8.self)])
        try #require(result.status == 0, "\(result.stderr)")
        let checked = try #require(try PipelineWorkspace.json(result.stdout) as? [[String: Any]])
        // nsde: 2 versions × 3 tables; claims: silver + 3 Gold tables; providers: silver.
        #expect(checked.count == 6 + 4 + 1)
        for entry in checked {
            #expect(entry["delta_rs"] as? Bool == true, "\(entry)")
            #expect(entry["polars"] as? Bool == true, "\(entry)")
            #expect((entry["rows"] as? Int ?? 0) > 0, "\(entry)")
        }
    }

    @Test func aGoldOnlyRunCommitsOnlyTheTablesItRebuilt() throws {
        let ws = try PipelineWorkspace("delta-gold-only")
        defer { ws.remove() }
        try #require(ws.medallion(["run", "nsde", "--quiet"]).status == 0)
        let configURL = ws.root.appendingPathComponent("datasets/nsde.json")
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        var gold = try #require(config["gold"] as? [String: Any])
        var tables = try #require(gold["tables"] as? [[String: Any]])
        tables[1]["metrics"] = ["products": "count(*)"]
        gold["tables"] = tables
        config["gold"] = gold
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
        try #require(ws.medallion(["run", "nsde", "--quiet"]).status == 0)
        let result = try ws.medallion(["manifest", "nsde", "--json"])
        let current = try #require(try PipelineWorkspace.json(result.stdout) as? [String: Any])
        #expect(current["delta_versions"] as? [String: Int] == ["silver": 0, "gold.by_marketing_category": 0, "gold.by_product_type": 1])
        let text = try ws.medallion(["manifest", "nsde"]).stdout
        #expect(text.contains("(Delta version 1)"), "\(text)")
    }
}
