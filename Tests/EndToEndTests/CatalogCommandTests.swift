import Foundation
import Testing
import TestSupport

/// `medallion catalog` prints SQL that registers every current table by name; DuckDB and Spark
/// (Parquet views: the Delta Lake jar cannot be fetched in the tests) run it and query the lake
/// by table name, and after a rollback the names point at the restored files.
@Suite struct CatalogCommandTests {
    /// argv: the SQL. Row counts of every table, and nsde's Silver run ids.
    static let duckdbQuery = """
        import duckdb, json, sys
        con = duckdb.connect()
        con.execute(sys.argv[1])
        names = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
        counts = {n: con.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
        runs = [r[0] for r in con.execute("SELECT DISTINCT _run_id FROM silver_nsde").fetchall()]
        print(json.dumps({"counts": counts, "runs": runs}))
        """

    static let sparkQuery = """
        import json, sys, tempfile
        from pyspark.sql import SparkSession
        # The catalog's views need a warehouse directory; a temporary one keeps the checkout clean.
        spark = (SparkSession.builder.master("local[1]").appName("medallion-catalog")
                 .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="medallion-spark-warehouse-"))
                 .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
                 .config("spark.driver.memory", "512m").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        for statement in sys.argv[1].split(";\\n"):
            if statement.strip() and not statement.startswith("--"):
                spark.sql(statement.rstrip(";"))
        counts = {n: spark.sql(f"SELECT count(*) FROM {n}").collect()[0][0] for n in sys.argv[2:]}
        print(json.dumps(counts))
        spark.stop()
        """

    @Test func duckdbAndSparkQueryTheLakeByName() throws {
        let ws = try PipelineWorkspace("catalog")
        defer { ws.remove() }
        try #require(ws.medallion(["run", "--all", "--concurrency", "1", "--quiet"]).status == 0)
        var expected: [String: Int] = [:]
        var firstRun = ""
        for dataset in ["nsde", "claims", "providers"] {
            let current = try #require(try PipelineWorkspace.json(try ws.medallion(["manifest", dataset, "--json"]).stdout) as? [String: Any])
            for (layer, rows) in current["rows"] as? [String: Int] ?? [:] {
                if layer == "bronze" || layer == "silver" { expected["\(layer)_\(dataset)"] = rows }
                if layer.hasPrefix("gold.") { expected["gold_\(dataset)_\(layer.dropFirst(5))"] = rows }
            }
            if dataset == "nsde" { firstRun = current["run_id"] as? String ?? "" }
        }
        #expect(expected.count == 11)

        let sql = try ws.medallion(["catalog"])
        try #require(sql.status == 0, "\(sql.stderr)")
        let duck = try runPython(Self.duckdbQuery, [sql.stdout])
        try #require(duck.status == 0, "\(duck.stderr)")
        let found = try #require(try PipelineWorkspace.json(duck.stdout) as? [String: Any])
        #expect(found["counts"] as? [String: Int] == expected)
        #expect(found["runs"] as? [String] == [firstRun])

        // A new version, then a rollback to the first: the names follow the manifest.
        try #require(ws.medallion(["run", "nsde", "--force", "--quiet"]).status == 0)
        try #require(ws.medallion(["rollback", "nsde"]).status == 0)
        let restored = try runPython(Self.duckdbQuery, [try ws.medallion(["catalog"]).stdout])
        #expect((try PipelineWorkspace.json(restored.stdout) as? [String: Any])?["runs"] as? [String] == [firstRun], "\(restored.stderr)")

        let athena = try ws.medallion(["catalog", "--format", "athena"]).stdout
        #expect(athena.contains("CREATE EXTERNAL TABLE `silver_nsde` (") && athena.contains("`marketing_start_date` date"), "\(athena)")
        let delta = try ws.medallion(["catalog", "--format", "spark"]).stdout
        #expect(delta.contains("CREATE TABLE silver_nsde USING DELTA LOCATION 'file://\(ws.lake.path)/silver/nsde';"), "\(delta)")
        #expect(try ws.medallion(["catalog", "--parquet"]).status == 2)

        let spark = try ws.medallion(["catalog", "--format", "spark", "--parquet"])
        try #require(spark.status == 0, "\(spark.stderr)")
        let names = ["bronze_nsde", "silver_nsde", "gold_nsde_by_marketing_category", "silver_claims"]
        let counted = try runPython(Self.sparkQuery, [spark.stdout] + names)
        try #require(counted.status == 0, "spark: \(counted.stderr.suffix(2000))")
        let sparkCounts = try #require(try PipelineWorkspace.json(counted.stdout) as? [String: Int])
        #expect(sparkCounts == expected.filter { names.contains($0.key) })
    }
}
