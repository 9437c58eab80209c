import Foundation
import Testing
import TestSupport

/// Gold end to end: the built binary runs the demo datasets, and DuckDB computes every Gold table
/// again, independently, from our Silver Parquet (a query built from the same config) — the two
/// must agree row for row (doubles to 1e-9 relative).
@Suite(.serialized) struct GoldRunTests {
    private func run(_ ws: PipelineWorkspace, _ arguments: [String]) throws -> (ProcessResult, [[String: Any]]) {
        let result = try ws.medallion(arguments + ["--json", "--quiet"])
        return (result, (try? PipelineWorkspace.jsonLines(result.stdout)) ?? [])
    }

    /// Builds the table's SQL from its config and compares DuckDB's answer with our Gold file.
    /// argv: config JSON, table name, own dataset, silver dirs as JSON {dataset: dir}, gold dir.
    static let compareScript = #"""
    import duckdb, json, math, sys
    config, name, own, silvers, gold_dir = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), sys.argv[5]
    table = next(t for t in config["gold"]["tables"] if t["name"] == name)
    con = duckdb.connect()
    def src(ref):
        ds = ref[len("silver:"):] if ref else own
        return ds, f"read_parquet('{silvers[ds]}/*.parquet', hive_partitioning = false)"
    def cols(rel):
        return [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {rel}").fetchall()]
    left_ds, left = src(table.get("from"))
    left_cols = cols(left)
    types = {n: t for n, t in left_cols}
    select = [f'l."{n}" AS "{n}"' for n, _ in left_cols]
    frm = f"{left} l"
    if "join" in table:
        j = table["join"]
        right_ds, right = src(j["with"])
        names = {n for n, _ in left_cols}
        for n, t in cols(right):
            out = f"{right_ds}_{n}" if n in names else n
            select.append(f'r."{n}" AS "{out}"')
            types[out] = t
        on = " AND ".join(f'l."{a}" = r."{b}"' for a, b in j["on"].items())
        frm += f" {'LEFT' if j.get('type') == 'left' else 'INNER'} JOIN {right} r ON {on}"
    def lit(column, v):
        t = types[column]
        if isinstance(v, str):
            q = "'" + v.replace("'", "''") + "'"
            return f"DATE {q}" if t == "DATE" else (f"TIMESTAMPTZ {q}" if t.startswith("TIMESTAMP") else q)
        return "true" if v is True else ("false" if v is False else repr(v))
    where = []
    for c in table.get("where", []):
        col, op = f'"{c["column"]}"', c["op"].lower()
        if op in ("is null", "is not null"): where.append(f"{col} {op.upper()}")
        elif op == "in": where.append(f"{col} IN ({', '.join(lit(c['column'], v) for v in c['value'])})")
        else: where.append(f"{col} {'<>' if op == '!=' else op} {lit(c['column'], c['value'])}")
    def metric(expr):
        fn, arg = expr.split("(", 1)
        args = [a.strip() for a in arg[:-1].split(",")]
        fn = fn.strip().lower()
        if fn == "count": return "count(*)" if args[0] == "*" else f'count("{args[0]}")'
        if fn == "count_distinct": return f'count(DISTINCT "{args[0]}")'
        if fn == "median": return f'quantile_cont("{args[0]}", 0.5)'
        if fn == "percentile": return f'quantile_cont("{args[0]}", {args[1]})'
        return f'{fn}("{args[0]}")'
    group = table.get("group_by", [])
    outs = [f'"{g}"' for g in group] + [f'{metric(e)} AS "{m}"' for m, e in table.get("metrics", {}).items()]
    sql = f"SELECT {', '.join(outs)} FROM (SELECT {', '.join(select)} FROM {frm}) AS joined"
    if where: sql += " WHERE " + " AND ".join(where)
    if group: sql += " GROUP BY " + ", ".join(f'"{g}"' for g in group)
    order = table.get("order_by", [])
    if order:
        sql += " ORDER BY " + ", ".join(f'"{o.split()[0]}" {o.split()[1] if len(o.split()) > 1 else "ASC"} NULLS LAST' for o in order)
    if "limit" in table: sql += f" LIMIT {table['limit']}"
    expected = con.execute(sql).fetchall()
    ours_rel = con.execute(f"SELECT * FROM read_parquet('{gold_dir}/*.parquet', hive_partitioning = false)")
    ours_names = [d[0] for d in ours_rel.description]
    ours = ours_rel.fetchall()
    want_names = group + list(table.get("metrics", {}).keys())
    assert ours_names == want_names, f"columns {ours_names} != {want_names}"
    if not order:
        key = lambda row: tuple((v is None, str(v)) for v in row)
        expected, ours = sorted(expected, key=key), sorted(ours, key=key)
    assert len(ours) == len(expected), f"{len(ours)} rows, DuckDB {len(expected)}\nSQL: {sql}"
    def same(a, b):
        if isinstance(a, float) or isinstance(b, float):
            if a is None or b is None: return a is b
            return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
        return a == b
    for i, (o, e) in enumerate(zip(ours, expected)):
        assert all(same(a, b) for a, b in zip(o, e)), f"row {i}: ours {o} DuckDB {e}\nSQL: {sql}"
    print(len(ours))
    """#

    /// The local directory of a `file://` URI from run --json.
    private func directory(_ uri: Any?) throws -> String {
        let text = try #require(uri as? String)
        return String(text.dropFirst("file://".count))
    }

    private func config(_ ws: PipelineWorkspace, _ dataset: String) throws -> [String: Any] {
        let data = try Data(contentsOf: ws.root.appendingPathComponent("datasets/\(dataset).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func compare(_ ws: PipelineWorkspace, dataset: String, table: String, silvers: [String: String], gold: String) throws -> Int {
        let configText = String(decoding: try Data(contentsOf: ws.root.appendingPathComponent("datasets/\(dataset).json")), as: UTF8.self)
        let silverJSON = String(decoding: try JSONSerialization.data(withJSONObject: silvers), as: UTF8.self)
        let result = try runPython(Self.compareScript, [configText, table, dataset, silverJSON, gold])
        #expect(result.status == 0, "\(dataset).\(table) differs from DuckDB: \(result.stderr)")
        return Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func everyDemoGoldTableEqualsDuckDB() throws {
        let ws = try PipelineWorkspace("gold-demo")
        defer { ws.remove() }
        let (result, summaries) = try run(ws, ["run", "--all"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var silvers: [String: String] = [:]
        var byDataset: [String: [String: Any]] = [:]
        for summary in summaries {
            let name = try #require(summary["dataset"] as? String)
            #expect(summary["status"] as? String == "succeeded", "\(name): \(summary["error"] ?? "")")
            silvers[name] = try directory((summary["outputs"] as? [String: Any])?["silver"])
            byDataset[name] = summary
        }
        // run --all starts claims (whose Gold joins providers' Silver) after providers.
        let order = summaries.compactMap { $0["dataset"] as? String }
        #expect(Set(order) == ["claims", "nsde", "providers"])
        var compared = 0
        var joined = false, quantiles = false
        for (dataset, summary) in byDataset {
            let tables = ((try config(ws, dataset))["gold"] as? [String: Any])?["tables"] as? [[String: Any]] ?? []
            let outputs = (summary["outputs"] as? [String: Any])?["gold"] as? [String: Any] ?? [:]
            let rows = (summary["rows"] as? [String: Any])?["gold"] as? [String: Any] ?? [:]
            #expect(outputs.count == tables.count, "\(dataset): outputs.gold \(outputs.keys.sorted())")
            for table in tables {
                let name = try #require(table["name"] as? String)
                let gold = try directory(outputs[name])
                #expect(FileManager.default.fileExists(atPath: gold + "/_SUCCESS"))
                #expect(gold.hasSuffix("gold/\(dataset)/\(name)/version=\(summary["run_id"] as? String ?? "")"))
                let count = try compare(ws, dataset: dataset, table: name, silvers: silvers, gold: gold)
                #expect(count > 0, "\(dataset).\(name) is empty")
                #expect(rows[name] as? Int == count)
                compared += 1
                joined = joined || table["join"] != nil
                let metrics = (table["metrics"] as? [String: String] ?? [:]).values
                quantiles = quantiles || metrics.contains { $0.hasPrefix("median") } && metrics.contains { $0.hasPrefix("percentile") }
            }
        }
        #expect(compared >= 5)
        #expect(joined && quantiles, "the demo covers a join, a median and a percentile")
    }

    @Test func aGoldOnlyChangeRebuildsOnlyThatTable() throws {
        let ws = try PipelineWorkspace("gold-only")
        defer { ws.remove() }
        let (first, _) = try run(ws, ["run", "nsde"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        func stamps(_ prefix: String) throws -> [String: Date] {
            var out: [String: Date] = [:]
            for file in ws.lakeFiles() where file.hasPrefix(prefix) {
                out[file] = try FileManager.default.attributesOfItem(atPath: ws.lake.appendingPathComponent(file).path)[.modificationDate] as? Date
            }
            return out
        }
        let before = try stamps("bronze/").merging(try stamps("silver/")) { a, _ in a }.merging(try stamps("raw/")) { a, _ in a }
        let goldBefore = ws.lakeFiles().filter { $0.hasPrefix("gold/") }
        #expect(goldBefore.count == 6, "two tables, a part file, _SUCCESS and Delta version 0 each: \(goldBefore)")

        // Change one table's definition only.
        var text = String(decoding: try Data(contentsOf: ws.root.appendingPathComponent("datasets/nsde.json")), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"dosage_forms\": \"count_distinct(dosage_form)\"",
                                         with: "\"dosage_forms\": \"count_distinct(dosage_form)\", \"billing_units\": \"count_distinct(billing_unit)\"")
        try ws.write("datasets/nsde.json", text)
        let (second, summaries) = try run(ws, ["run", "nsde"])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let summary = try #require(summaries.first)
        #expect(summary["status"] as? String == "succeeded")
        let reused = summary["reused"] as? [String: String] ?? [:]
        #expect(Set(reused.keys) == ["raw", "bronze", "silver", "quarantine", "gold.by_marketing_category"], "\(reused)")
        // Bronze, Silver and raw were not rewritten; one new Gold partition appeared.
        let after = try stamps("bronze/").merging(try stamps("silver/")) { a, _ in a }.merging(try stamps("raw/")) { a, _ in a }
        #expect(after == before)
        let newGold = Set(ws.lakeFiles().filter { $0.hasPrefix("gold/") }).subtracting(goldBefore)
        let runId = try #require(summary["run_id"] as? String)
        #expect(newGold == ["gold/nsde/by_product_type/version=\(runId)/_SUCCESS",
                            "gold/nsde/by_product_type/version=\(runId)/part-00000.parquet",
                            "gold/nsde/by_product_type/_delta_log/00000000000000000001.json"])
        let outputs = (summary["outputs"] as? [String: Any])?["gold"] as? [String: String] ?? [:]
        #expect(outputs["by_marketing_category"]?.contains("version=\(runId)") == false)
        #expect(outputs["by_product_type"]?.hasSuffix("version=\(runId)") == true)
        let silver = try directory((summary["outputs"] as? [String: Any])?["silver"])
        #expect(try compare(ws, dataset: "nsde", table: "by_product_type", silvers: ["nsde": silver],
                            gold: try directory(outputs["by_product_type"])) > 0)

        // Nothing changed now: a skip.
        let (third, thirdSummaries) = try run(ws, ["run", "nsde"])
        #expect(third.status == 0)
        #expect(thirdSummaries.first?["status"] as? String == "skipped")
    }

    @Test func runAllOrdersByGoldInputsAndMarksStaleTables() throws {
        let ws = try PipelineWorkspace("gold-deps")
        defer { ws.remove() }
        // claims alone on an empty lake: its join table waits for providers' Silver.
        let (alone, aloneSummaries) = try run(ws, ["run", "claims"])
        #expect(alone.status == 0, "stderr: \(alone.stderr)")
        let aloneGold = (aloneSummaries.first?["outputs"] as? [String: Any])?["gold"] as? [String: Any] ?? [:]
        #expect(Set(aloneGold.keys) == ["by_region_month", "top_providers"])
        #expect(try run(ws, ["run", "claims"]).1.first?["status"] as? String == "skipped", "a waiting table is not a change")

        // Both, claims listed first and two at a time: providers still runs first, then claims
        // builds the table that waited, reusing everything else.
        let (first, summaries) = try run(ws, ["run", "claims", "providers", "--concurrency", "2"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(summaries.allSatisfy { $0["status"] as? String == "succeeded" })
        let claimsFirst = try #require(summaries.first { $0["dataset"] as? String == "claims" })
        #expect(Set(((claimsFirst["outputs"] as? [String: Any])?["gold"] as? [String: Any] ?? [:]).keys)
                == ["by_region_month", "by_specialty", "top_providers"])
        #expect((claimsFirst["reused"] as? [String: String])?["silver"] != nil)

        // A new providers source: claims' join table is now stale, the others are not.
        let csv = ws.root.appendingPathComponent("datasets/samples/providers.csv")
        let handle = try FileHandle(forWritingTo: csv)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("PRV-0043,Dr. Late #43,cardiology,west\n".utf8))
        try handle.close()
        #expect(try run(ws, ["run", "providers"]).0.status == 0)
        let listing = try ws.medallion(["datasets", "--json"])
        let rows = try #require(try PipelineWorkspace.json(listing.stdout) as? [[String: Any]])
        let claims = rows.first { $0["dataset"] as? String == "claims" }
        #expect(claims?["stale"] as? [String: [String]] == ["by_specialty": ["providers"]])
        #expect(try ws.medallion(["datasets"]).stdout.contains("by_specialty (providers changed)"))

        // The next claims run rebuilds just that table.
        let (again, againSummaries) = try run(ws, ["run", "claims"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        let reused = againSummaries.first?["reused"] as? [String: String] ?? [:]
        #expect(reused["silver"] != nil && reused["gold.by_region_month"] != nil && reused["gold.top_providers"] != nil)
        #expect(reused["gold.by_specialty"] == nil)
        let after = try #require(try PipelineWorkspace.json(try ws.medallion(["datasets", "--json"]).stdout) as? [[String: Any]])
        #expect(after.first { $0["dataset"] as? String == "claims" }?["stale"] == nil)
    }

    @Test func validateNamesTheTableAndFieldOfEveryGoldMistake() throws {
        let ws = try PipelineWorkspace("gold-validate")
        defer { ws.remove() }
        #expect(try run(ws, ["run", "providers"]).0.status == 0)
        let original = String(decoding: try Data(contentsOf: ws.root.appendingPathComponent("datasets/providers.json")), as: UTF8.self)
        func problems(gold: String) throws -> String {
            let edited = original.replacingOccurrences(of: "\n}", with: ",\n  \"gold\": \(gold)\n}")
            try ws.write("datasets/providers.json", edited)
            let result = try ws.medallion(["validate", "datasets/providers.json"])
            #expect(result.status == 2, "validate accepted \(gold)")
            return result.stderr
        }
        let unknown = try problems(gold: #"{"tables": [{"name": "t", "group_by": ["specialty"], "metrics": {"n": "count(nope)"}}]}"#)
        #expect(unknown.contains("gold.tables[0].metrics.n") && unknown.contains("'t'") && unknown.contains("nope"), "\(unknown)")
        let sumOfString = try problems(gold: #"{"tables": [{"name": "t", "metrics": {"s": "sum(specialty)"}}]}"#)
        #expect(sumOfString.contains("gold.tables[0].metrics.s") && sumOfString.contains("specialty"), "\(sumOfString)")
        let badFunction = try problems(gold: #"{"tables": [{"name": "t", "metrics": {"s": "mode(specialty)"}}]}"#)
        #expect(badFunction.contains("mode"), "\(badFunction)")
        let badWhere = try problems(gold: #"{"tables": [{"name": "t", "where": [{"column": "_source_row", "op": ">", "value": "x"}], "metrics": {"n": "count(*)"}}]}"#)
        #expect(badWhere.contains("gold.tables[0].where[0]"), "\(badWhere)")
        let keyType = try problems(gold: #"{"tables": [{"name": "t", "join": {"with": "silver:providers", "on": {"provider_id": "_source_row"}}, "metrics": {"n": "count(*)"}}]}"#)
        #expect(keyType.contains("gold.tables[0].join.on.provider_id"), "\(keyType)")
        let cycle = try problems(gold: #"{"tables": [{"name": "t", "from": "silver:claims", "metrics": {"n": "count(*)"}}]}"#)
        #expect(cycle.contains("cycle") && cycle.contains("claims") && cycle.contains("providers"), "\(cycle)")
        let unknownDataset = try problems(gold: #"{"tables": [{"name": "t", "from": "silver:nowhere", "metrics": {"n": "count(*)"}}]}"#)
        #expect(unknownDataset.contains("gold.tables[0].from") && unknownDataset.contains("nowhere"), "\(unknownDataset)")
    }

    /// A Gold-only run over a 400,000-row Silver with a 16 MB budget: the median spills and still
    /// equals DuckDB; a table with a group per row fails naming the budget. Peak RSS of either run
    /// stays within budget + 150 MB.
    @Test func aSmallMemoryBudgetSpillsOrFailsWithinIt() throws {
        let ws = try PipelineWorkspace("gold-budget")
        defer { ws.remove() }
        let generated = try runPython("""
            import random, sys
            rng = random.Random(7)
            with open(sys.argv[1], "w") as out:
                out.write("id,category,value\\n")
                for i in range(400000):
                    out.write(f"ID{i:07d},cat{rng.randrange(12)},{rng.uniform(0, 1000):.4f}\\n")
            """, [ws.root.appendingPathComponent("datasets/samples/big.csv").path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let base = """
            {"dataset": "big", "source": {"url": "file:datasets/samples/big.csv", "format": "csv"},
             "silver": {"columns": {"value": {"type": "double"}}}
            """
        try ws.write("datasets/big.json", base + "}")
        #expect(try ws.medallion(["run", "big", "--quiet"]).status == 0)

        // ru_maxrss of the child, in KiB, printed after its own exit status.
        func measured(_ arguments: [String]) throws -> (status: Int32, peakMB: Int, stderr: String) {
            let result = try runPython("""
                import resource, subprocess, sys
                done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
                sys.stderr.write(done.stderr)
                print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
                """, [ws.root.path, TestEnvironment.medallionBinary.path] + arguments,
                environment: ["MEDALLION_LAKE": ws.lake.path, "MEDALLION_MANIFEST": ""])
            let parts = result.stdout.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            return (Int32(parts.first ?? "") ?? -1, (Int(parts.last ?? "") ?? Int.max) / 1024, result.stderr)
        }

        try ws.write("datasets/big.json", base + """
            , "gold": {"memory_mb": 16, "tables": [{"name": "by_category", "group_by": ["category"],
              "metrics": {"n": "count(*)", "median_value": "median(value)", "p99": "percentile(value, 0.99)"}}]}}
            """)
        let spilled = try measured(["run", "big", "--quiet"])
        #expect(spilled.status == 0, "\(spilled.stderr)")
        #expect(spilled.peakMB <= 16 + 150, "peak RSS \(spilled.peakMB) MB")
        let versionDir = try #require(ws.lakeFiles().first { $0.hasPrefix("gold/big/by_category/") && $0.hasSuffix(".parquet") })
        let silverDir = try #require(ws.lakeFiles().first { $0.hasPrefix("silver/big/version=") && $0.hasSuffix(".parquet") })
        #expect(try compare(ws, dataset: "big", table: "by_category",
                            silvers: ["big": ws.lake.appendingPathComponent(silverDir).deletingLastPathComponent().path],
                            gold: ws.lake.appendingPathComponent(versionDir).deletingLastPathComponent().path) == 12)

        try ws.write("datasets/big.json", base + """
            , "gold": {"memory_mb": 16, "tables": [{"name": "per_id", "group_by": ["id"],
              "metrics": {"n": "count(*)", "top": "max(value)"}}]}}
            """)
        let failed = try measured(["run", "big"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("16 MB") && failed.stderr.contains("per_id"), "\(failed.stderr)")
        #expect(failed.peakMB <= 16 + 150, "peak RSS \(failed.peakMB) MB")
        #expect(!ws.lakeFiles().contains { $0.hasPrefix("gold/big/per_id/") })
    }
}
