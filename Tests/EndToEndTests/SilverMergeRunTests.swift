import Foundation
import Testing
import TestSupport

/// `silver.mode: "merge"`: a run's rows update, insert and (with `delete_when`) delete by key in
/// the current Silver, as DuckDB computes the same merge.
@Suite struct SilverMergeRunTests {
    static let config = """
        {"dataset": "accounts", "source": {"url": "file:changes.csv", "format": "csv"},
         "silver": {"keys": ["id"], "mode": "merge", "delete_when": [{"column": "op", "op": "=", "value": "D"}],
                    "columns": {"id": {"type": "int64"}, "balance": {"type": "double"}}}}
        """

    /// Silver's business columns, as DuckDB reads the current version.
    static func silver(_ workspace: PipelineWorkspace) throws -> (rows: String, manifest: [String: Any]) {
        let manifest = try #require(try PipelineWorkspace.json(try workspace.medallion(["manifest", "accounts", "--json"]).stdout) as? [String: Any])
        let uri = try #require((manifest["outputs"] as? [String: String])?["silver"]).replacingOccurrences(of: "file://", with: "")
        return (try duckdbScalar("SELECT string_agg(id || ':' || name || ':' || balance || ':' || op, ' ' ORDER BY id) FROM read_parquet('\(uri)/*.parquet')"),
                manifest)
    }

    @Test func upsertsAndDeletesAsDuckDBMergesThem() throws {
        let workspace = try PipelineWorkspace("silver-merge")
        defer { workspace.remove() }
        try workspace.write("datasets/accounts.json", Self.config)
        try workspace.write("changes.csv", "id,name,balance,op\n1,ann,10.5,I\n2,bob,20,I\n3,cy,30,I\n4,dee,40,I\n5,eve,50,I\n")
        #expect(try workspace.medallion(["run", "accounts", "--quiet"]).status == 0)
        let first = try Self.silver(workspace)
        #expect(first.rows == "1:ann:10.5:I 2:bob:20.0:I 3:cy:30.0:I 4:dee:40.0:I 5:eve:50.0:I")
        let firstURI = try #require((first.manifest["outputs"] as? [String: String])?["silver"]).replacingOccurrences(of: "file://", with: "")

        // An update, an insert, a delete and a delete of a key that never was.
        let changes = "id,name,balance,op\n2,bob,25.25,U\n6,fay,60,I\n3,cy,,D\n99,zed,0,D\n"
        try workspace.write("changes.csv", changes)
        let run = try workspace.medallion(["run", "accounts"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("merged: 1 inserted, 1 updated, 1 deleted, 3 kept"), "\(run.stderr)")
        let second = try Self.silver(workspace)
        let expected = try duckdbScalar("""
            WITH current AS (SELECT id, name, balance, op FROM read_parquet('\(firstURI)/*.parquet')),
                 incoming AS (SELECT * FROM read_csv('\(workspace.root.path)/changes.csv', header = true,
                                     columns = {'id': 'BIGINT', 'name': 'VARCHAR', 'balance': 'DOUBLE', 'op': 'VARCHAR'})),
                 merged AS (SELECT * FROM current WHERE id NOT IN (SELECT id FROM incoming)
                            UNION ALL SELECT * FROM incoming WHERE NOT (op = 'D'))
            SELECT string_agg(id || ':' || name || ':' || balance || ':' || op, ' ' ORDER BY id) FROM merged
            """)
        #expect(second.rows == expected)
        #expect(second.rows == "1:ann:10.5:I 2:bob:25.25:U 4:dee:40.0:I 5:eve:50.0:I 6:fay:60.0:I")
        let quality = try #require(second.manifest["quality"] as? [String: Any])
        let merge = try #require(quality["merge"] as? [String: Int])
        #expect(merge == ["inserted": 1, "updated": 1, "deleted": 1, "kept": 3])
        #expect(quality["rows_out"] as? Int == 5)
        // Kept rows keep the run that wrote them; new ones carry this run.
        let uri = try #require((second.manifest["outputs"] as? [String: String])?["silver"]).replacingOccurrences(of: "file://", with: "")
        let runs = try duckdbScalar("SELECT count(DISTINCT _run_id) FROM read_parquet('\(uri)/*.parquet')")
        #expect(runs == "2")
    }

    @Test func mergeSettingsAreChecked() throws {
        let workspace = try PipelineWorkspace("silver-merge-config")
        defer { workspace.remove() }
        try workspace.write("datasets/accounts.json", """
            {"dataset": "accounts", "source": {"url": "file:changes.csv", "format": "csv"}, "silver": {"mode": "merge"}}
            """)
        let noKeys = try workspace.medallion(["validate", "datasets/accounts.json"])
        #expect(noKeys.status == 2 && (noKeys.stdout + noKeys.stderr).contains("\"merge\" needs silver.keys"))
        try workspace.write("datasets/accounts.json", """
            {"dataset": "accounts", "source": {"url": "file:changes.csv", "format": "csv"},
             "silver": {"keys": ["id"], "delete_when": [{"column": "op", "op": "=", "value": "D"}]}}
            """)
        let replace = try workspace.medallion(["validate", "datasets/accounts.json"])
        #expect(replace.status == 2 && (replace.stdout + replace.stderr).contains("delete_when: only applies with mode \"merge\""))
    }
}
