import Foundation
import Testing
import TestSupport

/// Silver end to end: the built binary runs the demo datasets, and DuckDB (independently)
/// recomputes Silver from the same Bronze with the same trims, casts and de-duplication.
@Suite(.serialized) struct SilverRunTests {
    private func run(_ ws: PipelineWorkspace, _ arguments: [String]) throws -> (ProcessResult, [String: Any]) {
        let result = try ws.medallion(arguments + ["--json", "--quiet"])
        let summary = try PipelineWorkspace.jsonLines(result.stdout).first ?? [:]
        return (result, summary)
    }

    @Test func nsdeSilverEqualsDuckDBOverTheSameBronze() throws {
        let ws = try PipelineWorkspace("silver-nsde")
        defer { ws.remove() }
        let (result, summary) = try run(ws, ["run", "nsde"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let runId = try #require(summary["run_id"] as? String)
        let silver = ws.lake.appendingPathComponent("silver/nsde/version=\(runId)")
        let bronze = ws.lake.appendingPathComponent("bronze/nsde/run=\(runId)")
        #expect(FileManager.default.fileExists(atPath: silver.appendingPathComponent("_SUCCESS").path))
        let outputs = summary["outputs"] as? [String: Any]
        #expect(outputs?["silver"] as? String == "file://\(silver.path)")

        // Types as DuckDB sees them.
        let types = try duckdbScalar("""
            SELECT string_agg(column_name || ':' || column_type, ',' ORDER BY column_name)
            FROM (DESCRIBE SELECT ndc11, marketing_start_date, marketing_end_date, _source_row, _ingested_at
                  FROM read_parquet('\(silver.path)/*.parquet'))
            """)
        #expect(types == "_ingested_at:TIMESTAMP WITH TIME ZONE,_source_row:BIGINT,marketing_end_date:DATE,marketing_start_date:DATE,ndc11:VARCHAR")
        #expect(try duckdbScalar("SELECT count(*) - count(DISTINCT ndc11) FROM read_parquet('\(silver.path)/*.parquet')") == "0")

        // DuckDB's own Silver: trim, empty → null, quarantine null keys, cast the dates,
        // keep the last row per key in source order. Every column of every row must agree.
        let duck = """
            WITH cleaned AS (
              SELECT nullif(trim("Item Code"), '') AS item_code, nullif(trim("NDC11"), '') AS ndc11,
                     nullif(trim("Proprietary Name"), '') AS proprietary_name,
                     try_strptime(nullif(trim("Marketing Start Date"), ''), '%Y%m%d')::DATE AS marketing_start_date,
                     try_strptime(nullif(trim("Marketing End Date"), ''), '%Y%m%d')::DATE AS marketing_end_date,
                     _source_row
              FROM read_parquet('\(bronze.path)/*.parquet'))
            SELECT DISTINCT ON (ndc11) * FROM cleaned WHERE ndc11 IS NOT NULL ORDER BY ndc11, _source_row DESC
            """
        let ours = """
            SELECT item_code, ndc11, proprietary_name, marketing_start_date, marketing_end_date, _source_row
            FROM read_parquet('\(silver.path)/*.parquet')
            """
        #expect(try duckdbScalar("SELECT count(*) FROM (\(duck))") == "\((summary["rows"] as? [String: Any])?["silver"] as? Int ?? -1)")
        #expect(try duckdbScalar("SELECT count(*) FROM ((\(duck)) EXCEPT ALL (\(ours)))") == "0")
        #expect(try duckdbScalar("SELECT count(*) FROM ((\(ours)) EXCEPT ALL (\(duck)))") == "0")

        // Rows without an NDC11 are quarantined, with the expectation named.
        let quarantine = ws.lake.appendingPathComponent("silver/nsde/_quarantine/run=\(runId)")
        let missing = try duckdbScalar("SELECT count(*) FROM read_parquet('\(bronze.path)/*.parquet') WHERE nullif(trim(\"NDC11\"), '') IS NULL")
        #expect(Int(missing) ?? 0 > 0, "the sample has rows without NDC11")
        #expect(try duckdbScalar("SELECT count(*) FROM read_parquet('\(quarantine.path)/*.parquet') WHERE list_contains(_rejected_by, 'ndc11_present')") == missing)

        // The quality report: JSON shape of the contract, figures that add up.
        let quality = try ws.medallion(["manifest", "nsde", "--quality", "--json"])
        #expect(quality.status == 0, "stderr: \(quality.stderr)")
        let report = try #require(try PipelineWorkspace.json(quality.stdout) as? [String: Any])
        for key in ["rows_in", "rows_out", "duplicates_removed", "dropped", "quarantined", "expectations", "null_share"] {
            #expect(report[key] != nil, "quality report lacks \(key)")
        }
        let rowsIn = report["rows_in"] as? Int ?? -1, rowsOut = report["rows_out"] as? Int ?? -1
        let removed = report["duplicates_removed"] as? Int ?? -1, quarantined = report["quarantined"] as? Int ?? -1
        #expect(rowsIn == rowsOut + removed + quarantined + (report["dropped"] as? Int ?? -1))
        #expect(quarantined == Int(missing))
        let expectations = report["expectations"] as? [[String: Any]] ?? []
        let present = expectations.first { $0["name"] as? String == "ndc11_present" }
        #expect(present?["failed"] as? Int == Int(missing))
        #expect(present?["passed"] as? Int == rowsIn - (Int(missing) ?? 0))
        #expect(Set((present ?? [:]).keys).isSuperset(of: ["name", "column", "check", "action", "passed", "failed"]))
        let text = try ws.medallion(["manifest", "nsde", "--quality"])
        #expect(text.stdout.contains("ndc11_present"))
    }

    @Test func claimsQuarantinesExactlyTheInvalidRecords() throws {
        let ws = try PipelineWorkspace("silver-claims")
        defer { ws.remove() }
        let (result, summary) = try run(ws, ["run", "claims"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let runId = try #require(summary["run_id"] as? String)
        let quarantine = ws.lake.appendingPathComponent("silver/claims/_quarantine/run=\(runId)")
        #expect(FileManager.default.fileExists(atPath: quarantine.appendingPathComponent("_SUCCESS").path))

        // Python judges each source record by the config's rules, independently of us.
        let expected = try runPython(#"""
            import json, sys, re, datetime
            cfg = json.load(open(sys.argv[2]))["silver"]["expectations"]
            def date_ok(v):
                try: datetime.date.fromisoformat(v); return len(v) == 10
                except Exception: return False
            out = []
            for row, line in enumerate(open(sys.argv[1], encoding="utf-8"), start=1):
                r = json.loads(line)
                def txt(k):
                    v = r.get(k); v = None if v is None else (json.dumps(v) if isinstance(v, (dict, list)) else str(v)).strip()
                    return v or None
                amount = txt("amount"); amount = float(amount) if amount is not None else None
                broken = []
                for e in cfg:
                    v = txt(e["column"]); c = e["check"]
                    if c == "not_null": bad = v is None
                    elif c == "between": bad = amount is not None and (("min" in e and amount < e["min"]) or ("max" in e and amount > e["max"]))
                    elif c == "castable": bad = v is not None and not date_ok(v)
                    elif c == "in": bad = v is not None and v not in e["values"]
                    elif c == "matches": bad = v is not None and re.search(e["pattern"], v) is None
                    else: raise SystemExit("unknown check " + c)
                    if bad: broken.append(e)
                if any(e["action"] == "quarantine" for e in broken):
                    out.append(f'{row}:{"|".join(e["name"] for e in broken)}')
            print(";".join(out))
            """#, [ws.root.appendingPathComponent("datasets/samples/claims.ndjson").path,
                   ws.root.appendingPathComponent("datasets/claims.json").path])
        #expect(expected.status == 0, "\(expected.stderr)")
        let ours = try duckdbScalar("""
            SELECT string_agg(_source_row || ':' || array_to_string(_rejected_by, '|'), ';' ORDER BY _source_row)
            FROM read_parquet('\(quarantine.path)/*.parquet')
            """)
        let want = expected.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!want.isEmpty)
        #expect(ours == want)
        let rows = summary["rows"] as? [String: Any]
        #expect(rows?["quarantined"] as? Int == want.split(separator: ";").count)
        #expect(try duckdbScalar("SELECT typeof(_rejected_by) FROM read_parquet('\(quarantine.path)/*.parquet') LIMIT 1") == "VARCHAR[]")
        // Nested fields: the plan object flattened, diagnosis codes a list.
        let silver = ws.lake.appendingPathComponent("silver/claims/version=\(runId)")
        #expect(try duckdbScalar("""
            SELECT typeof(diagnosis_codes) || '|' || array_to_string(diagnosis_codes, ',') || '|' || plan_type || '|' || plan_payer
            FROM read_parquet('\(silver.path)/*.parquet') WHERE claim_id = 'CLM-0000001'
            """) == "VARCHAR[]|R51.9|PPO|Acme Health")
    }

    @Test func nestedJSONBecomesColumnsAndTypedLists() throws {
        let ws = try PipelineWorkspace("silver-nested")
        defer { ws.remove() }
        try ws.write("datasets/samples/events.ndjson", """
            {"id": 1, "tags": ["a", " b "], "scores": [1, 2], "geo": {"lat": 1.5, "lon": 2, "city": {"name": "Oslo"}}, "raw": {"k": [1]}}
            {"id": 2, "tags": [], "scores": [3, null], "geo": {"lat": -0.25, "lon": 3}, "raw": {"k": 2}}
            {"id": 3, "tags": null, "geo": null, "raw": null}

            """)
        try ws.write("datasets/events.json", """
            {"dataset": "events", "source": {"url": "file:datasets/samples/events.ndjson", "format": "ndjson"},
             "silver": {"keys": ["id"], "columns": {"raw": {"type": "json"}, "scores": {"type": "list", "items": "double"}}}}
            """)
        let (result, summary) = try run(ws, ["run", "events"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let runId = try #require(summary["run_id"] as? String)
        let silver = ws.lake.appendingPathComponent("silver/events/version=\(runId)")
        let types = try duckdbScalar("""
            SELECT string_agg(column_name || ':' || column_type, ',' ORDER BY column_name)
            FROM (DESCRIBE SELECT * EXCLUDE (_run_id, _ingested_at, _source_row, version) FROM read_parquet('\(silver.path)/*.parquet'))
            """)
        #expect(types == "geo_city_name:VARCHAR,geo_lat:DOUBLE,geo_lon:BIGINT,id:BIGINT,raw:VARCHAR,scores:DOUBLE[],tags:VARCHAR[]")
        let rows = try duckdbScalar("""
            SELECT string_agg(id || '/' || coalesce(array_to_string(tags, ','), 'null') || '/' || coalesce(array_to_string(scores, ','), 'null')
                              || '/' || coalesce(geo_city_name, 'null') || '/' || coalesce(raw, 'null'), ';' ORDER BY id)
            FROM read_parquet('\(silver.path)/*.parquet')
            """)
        #expect(rows == #"1/a,b/1.0,2.0/Oslo/{"k":[1]};2//3.0/null/{"k":2};3/null/null/null/null"#)
    }

    /// Each way a run can fail on quality: exit 1, a message naming what broke, no Silver
    /// published and the manifest as it was.
    @Test(arguments: ["fail-expectation", "null-threshold", "missing-required", "min-rows"])
    func qualityFailuresPublishNothing(label: String) throws {
        let ws = try PipelineWorkspace("silver-\(label)")
        defer { ws.remove() }
        let (first, _) = try run(ws, ["run", "nsde"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let before = try ws.medallion(["manifest", "nsde", "--json"]).stdout
        let silverBefore = ws.lakeFiles().filter { $0.hasPrefix("silver/") }

        let configPath = ws.root.appendingPathComponent("datasets/nsde.json")
        var config = try String(contentsOf: configPath, encoding: .utf8)
        let expectedMessage: String
        switch label {
        case "fail-expectation":
            // The sample has STANDARDIZED ALLERGENIC products.
            let failing = #"{ "name": "no_allergenics", "column": "product_type", "check": "in", "values": ["HUMAN OTC DRUG", "HUMAN PRESCRIPTION DRUG", "VACCINE", "PLASMA DERIVATIVE", "CELLULAR THERAPY"], "action": "fail" },"#
            config = config.replacingOccurrences(of: #""expectations": ["#, with: "\"expectations\": [\n      \(failing)")
            expectedMessage = "expectation 'no_allergenics' (in on product_type, action fail) failed on"
        case "null-threshold":
            // gen_nsde leaves about 80% of marketing end dates empty.
            config = config.replacingOccurrences(of: #""required_columns": ["ndc11"]"#, with: #""required_columns": ["ndc11", "marketing_end_date"]"#)
            expectedMessage = "required column 'marketing_end_date' is null in"
        case "missing-required":
            config = config.replacingOccurrences(of: #""required_columns": ["ndc11"]"#, with: #""required_columns": ["ndc11", "labeler_name"]"#)
            expectedMessage = "required column 'labeler_name' is not in the source"
        default:
            config = config.replacingOccurrences(of: #""min_rows": 1 "#, with: #""min_rows": 1000000 "#)
            expectedMessage = "fewer than data_quality.min_rows 1000000"
        }
        try config.write(to: configPath, atomically: true, encoding: .utf8)
        let (failed, summary) = try run(ws, ["run", "nsde", "--force"])
        #expect(failed.status == 1, "stdout: \(failed.stdout) stderr: \(failed.stderr)")
        #expect(summary["status"] as? String == "failed")
        let error = summary["error"] as? String ?? ""
        #expect(error.contains(expectedMessage), "error: \(error)")
        #expect(ws.lakeFiles().filter { $0.hasPrefix("silver/") } == silverBefore, "nothing new under silver/")
        #expect(try ws.medallion(["manifest", "nsde", "--json"]).stdout == before)
    }

    @Test func resumeRedrivesFromSilverWithoutRerunningBronze() throws {
        let ws = try PipelineWorkspace("silver-resume")
        defer { ws.remove() }
        let configPath = ws.root.appendingPathComponent("datasets/nsde.json")
        let original = try String(contentsOf: configPath, encoding: .utf8)
        try original.replacingOccurrences(of: #""keys": ["ndc11"],"#, with: #""keys": ["ndc_eleven"],"#)
            .write(to: configPath, atomically: true, encoding: .utf8)
        let (failed, summary) = try run(ws, ["run", "nsde"])
        #expect(failed.status == 1)
        #expect((summary["error"] as? String ?? "").contains("ndc_eleven"))
        let runId = try #require(summary["run_id"] as? String)

        try original.write(to: configPath, atomically: true, encoding: .utf8)
        let resumed = try ws.medallion(["resume", runId, "--json", "--quiet"])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        let history = try #require(try PipelineWorkspace.json(try ws.medallion(["history", runId, "--json"]).stdout) as? [[String: Any]])
        let bronzeStarts = history.filter { $0["type"] as? String == "TaskStateEntered" && $0["state_name"] as? String == "Bronze" }
        let silverStarts = history.filter { $0["type"] as? String == "TaskStateEntered" && $0["state_name"] as? String == "Silver" }
        #expect(bronzeStarts.count == 1)
        #expect(silverStarts.count == 2)
        #expect(FileManager.default.fileExists(atPath: ws.lake.appendingPathComponent("silver/nsde/version=\(runId)/_SUCCESS").path))
    }

    @Test func schemaDriftIsRecordedAndAMissingDeclaredColumnFails() throws {
        let ws = try PipelineWorkspace("silver-drift")
        defer { ws.remove() }
        #expect(try run(ws, ["run", "claims"]).0.status == 0)
        // A new field in every record; the sparse `notes` field gone.
        let samples = ws.root.appendingPathComponent("datasets/samples/claims.ndjson")
        let lines = try String(contentsOf: samples, encoding: .utf8).split(separator: "\n").map { line in
            line.replacingOccurrences(of: #""region": "#, with: #""channel": "web", "region": "#)
                .replacingOccurrences(of: #", "notes": "résumé: follow-up ✓""#, with: "")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: samples, atomically: true, encoding: .utf8)
        let (second, _) = try run(ws, ["run", "claims"])
        #expect(second.status == 0, "stderr: \(second.stderr)")
        let history = try ws.medallion(["manifest", "claims", "--history"])
        #expect(history.stdout.contains("+channel -notes"), "\(history.stdout)")

        // A declared column the source lacks fails the run, naming it.
        let configPath = ws.root.appendingPathComponent("datasets/claims.json")
        let config = try String(contentsOf: configPath, encoding: .utf8)
            .replacingOccurrences(of: #""columns": {"#, with: #""columns": { "paid_date": { "type": "date" },"#)
        try config.write(to: configPath, atomically: true, encoding: .utf8)
        let (third, summary) = try run(ws, ["run", "claims"])
        #expect(third.status == 1)
        #expect((summary["error"] as? String ?? "").contains("'paid_date' is not in the source"))
    }
}
