import Foundation
import Testing
import Transform
@testable import MedallionCore

@Suite struct DatasetConfigTests {
    private func parse(_ json: String, file: String = "datasets/nsde.json") throws -> DatasetConfig {
        try DatasetConfig.parse(Array(json.utf8), file: file)
    }

    private func problem(_ json: String, file: String = "datasets/nsde.json") -> String {
        do {
            _ = try parse(json, file: file)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func theDesignExampleParses() throws {
        let config = try parse("""
            {
              "dataset": "nsde",
              "description": "FDA Comprehensive NDC SPL Data Elements",
              "source": { "url": "file:datasets/samples/nsde.csv", "format": "csv",
                          "csv": { "delimiter": ",", "header": true, "quote": "\\"" } },
              "state_machine": "statemachines/medallion.asl.json",
              "silver": {
                "keys": ["ndc11"],
                "columns": { "marketing_start_date": { "type": "date", "format": "yyyyMMdd" } },
                "expectations": [
                  { "name": "ndc11_present", "column": "ndc11", "check": "not_null", "action": "quarantine" },
                  { "name": "ndc11_shape", "column": "ndc11", "check": "matches", "pattern": "^[0-9]{11}$", "action": "warn" }
                ]
              },
              "data_quality": { "required_columns": ["ndc11"], "critical_null_threshold": 0.1 },
              "gold": { "tables": [
                { "name": "by_category", "group_by": ["marketing_category"],
                  "metrics": { "products": "count(*)", "first_start": "min(marketing_start_date)" } } ] }
            }
            """)
        #expect(config.name == "nsde")
        #expect(config.source.format == .csv)
        #expect(config.source.delimiter == ",")
        #expect(config.silver?.columns["marketing_start_date"]?.type == .date(try TemporalPattern("yyyyMMdd", kind: .date)))
        #expect(config.silver?.expectations.last?.check == .matches(pattern: "^[0-9]{11}$"))
        #expect(config.silver?.expectations.first?.action == .quarantine)
        #expect(config.silver?.expectations.count == 2)
        #expect(config.dataQuality?.criticalNullThreshold == 0.1)
        #expect(config.gold?.tables.first?.metrics.first { $0.name == "products" }?.function == .count)
        #expect(config.gold?.tables.first?.metrics.first { $0.name == "first_start" }?.column == "marketing_start_date")
        #expect(config.gold?.memoryMB == 512)
    }

    @Test func goldTablesParseEveryPart() throws {
        let config = try parse("""
            {"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"},
             "gold": {"memory_mb": 64, "tables": [
               {"name": "by_region", "from": "silver:claims",
                "join": {"with": "silver:providers", "on": {"provider_id": "id"}, "type": "left"},
                "where": [{"column": "amount", "op": ">=", "value": 10}, {"column": "region", "op": "in", "value": ["west", "east"]},
                          {"column": "patient_id", "op": "is not null"}],
                "group_by": ["region"],
                "metrics": {"n": "count(*)", "p90": "percentile(amount, 0.9)", "mid": "median(amount)", "people": "count_distinct(patient_id)"},
                "order_by": ["n desc", "region"], "limit": 3}]}}
            """)
        let gold = try #require(config.gold)
        #expect(gold.memoryMB == 64)
        let table = try #require(gold.tables.first)
        #expect(table.from == "silver:claims")
        #expect(table.join == GoldJoin(with: "silver:providers", on: [("provider_id", "id")], kind: .left))
        #expect(table.filters.map(\.op) == [.greaterOrEqual, .oneOf, .isNotNull])
        #expect(table.filters[1].values == ["west", "east"])
        // Metrics keep the file's order (output columns follow it).
        #expect(table.metrics.map(\.name) == ["n", "p90", "mid", "people"])
        #expect(table.metrics.map(\.function) == [.count, .percentile, .median, .countDistinct])
        #expect(table.metrics.map(\.quantile) == [nil, 0.9, 0.5, nil])
        #expect(table.metrics[0].column == nil)
        #expect(table.orderBy == [GoldOrder(column: "n", descending: true), GoldOrder(column: "region", descending: false)])
        #expect(table.limit == 3)
        #expect(config.warnings(taskResources: ["medallion:silver"]).count == 1, "gold declared, but the machine has no Gold step")
        #expect(config.warnings(taskResources: ["medallion:gold"]).isEmpty)
    }

    @Test func defaultsApply() throws {
        let config = try parse(#"{"dataset": "nsde", "source": {"url": "https://example.com/a.csv", "format": "csv"}}"#)
        #expect(config.stateMachine == DatasetConfig.defaultStateMachine)
        #expect(config.source.header)
    }

    @Test(arguments: [
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "extra": 1}"#, "datasets/nsde.json: extra: unknown key"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv", "csv": {"delimter": ";"}}}"#, "source.csv.delimter: unknown key"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "xml"}}"#, "source.format: 'xml' is not one of"),
        (#"{"dataset": "nsde", "source": {"url": "ftp://a.csv", "format": "csv"}}"#, "source.url:"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv"}}"#, "source.format: is required"),
        (#"{"dataset": "nsde"}"#, "source: is required"),
        (#"{"dataset": 7, "source": {"url": "file:a.csv", "format": "csv"}}"#, "dataset: expected a string"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv", "csv": {"header": "yes"}}}"#, "source.csv.header: expected true or false"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv", "csv": {"delimiter": ";;"}}}"#, "source.csv.delimiter: must be exactly one"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "nope"}]}}"#, "silver.expectations[0].check"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"d": {"type": "datetime"}}}}"#, "silver.columns.d.type"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "data_quality": {"critical_null_threshold": 2}}"#, "data_quality.critical_null_threshold"),
        (#"{"dataset": "nsde", "#, "not valid JSON"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"d": {"type": "date", "format": "YYYY-MM-DD"}}}}"#, "silver.columns.d.format: 'YYYY-MM-DD'"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"d": {"type": "int64", "format": "yyyy"}}}}"#, "silver.columns.d.format: only applies to date and timestamp"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "matches", "pattern": "(["}]}}"#, "silver.expectations[0].pattern: '([' is not a valid regular expression"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "not_null", "pattern": "a"}]}}"#, "silver.expectations[0].pattern: unknown key"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "not_null", "action": "explode"}]}}"#, "silver.expectations[0].action: 'explode' is not one of"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "castable", "type": "date", "format": "yyyy-mm-dd"}]}}"#, "silver.expectations[0].format"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "between"}]}}"#, "'between' needs min, max or both"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"c": {"type": "int64"}}, "expectations": [{"name": "x", "column": "c", "check": "between", "min": "ten"}]}}"#, "silver.expectations[0].min: expectation 'x': bound 'ten' is not a int64 value"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"expectations": [{"name": "x", "column": "c", "check": "not_null"}, {"name": "x", "column": "d", "check": "unique"}]}}"#, "silver.expectations[1].name: 'x' names another expectation"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"c": {"type": "string"}}, "order_by": "c"}}"#, "silver.order_by: 'c' is a string column"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "data_quality": {"min_rows": -1}}"#, "data_quality.min_rows: expected a whole number"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "metrics": {"m": "mode(x)"}}]}}"#, "gold.tables[0].metrics.m: 'mode' is not one of"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "metrics": {"m": "percentile(x, 1.5)"}}]}}"#, "gold.tables[0].metrics.m: 'percentile(x, 1.5)': percentile takes a column and a fraction"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"], "metrics": {"n": "count(*)"}, "limit": 5}]}}"#, "gold.tables[0].limit: needs order_by"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"], "order_by": ["n sideways"]}]}}"#, "gold.tables[0].order_by[0]"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"], "where": [{"column": "a", "op": "like", "value": "x"}]}]}}"#, "gold.tables[0].where[0].op: 'like' is not one of"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"], "join": {"with": "claims", "on": {"a": "b"}}}]}}"#, "gold.tables[0].join.with: 'claims' must be silver:<dataset>"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"], "join": {"with": "silver:claims", "on": {"a": "b"}, "type": "outer"}}]}}"#, "gold.tables[0].join.type: 'outer' is not one of"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"]}, {"name": "t", "group_by": ["b"]}]}}"#, "gold.tables[1].name: 't' names another table"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [{"name": "t", "group_by": ["a"], "hvaing": 1}]}}"#, "gold.tables[0].hvaing: unknown key"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"x": {"type": "list", "items": "int64"}}, "expectations": [{"name": "e", "column": "x", "check": "length", "min": 1}]}}"#, "silver.expectations[0].check: 'length' does not apply to list column 'x'"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"x": {"type": "list", "items": "map"}}}}"#, "silver.columns.x.items: 'map' is not one of"),
        (#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}, "silver": {"columns": {"x": {"type": "json", "format": "yyyy"}}}}"#, "silver.columns.x.format: only applies to date and timestamp"),
    ])
    func mistakesNameTheKeyPath(json: String, expected: String) {
        let message = problem(json)
        #expect(message.contains(expected), "got: \(message)")
        #expect(message.hasPrefix("datasets/nsde.json"))
    }

    @Test func nameMustMatchTheRuleAndTheFile() {
        #expect(problem(#"{"dataset": "NSDE", "source": {"url": "file:a.csv", "format": "csv"}}"#, file: "datasets/NSDE.json")
            .contains("must match"))
        #expect(problem(#"{"dataset": "other", "source": {"url": "file:a.csv", "format": "csv"}}"#)
            .contains("must equal the file name"))
    }

    @Test func fingerprintFollowsConfigAndDefinition() throws {
        let a = try parse(#"{"dataset": "nsde", "source": {"url": "file:a.csv", "format": "csv"}}"#)
        let b = try parse(#"{"dataset": "nsde", "source": {"url": "file:b.csv", "format": "csv"}}"#)
        let machine = Array(#"{"StartAt": "A"}"#.utf8)
        #expect(a.layerFingerprints(stateMachineBytes: machine) == a.layerFingerprints(stateMachineBytes: machine))
        #expect(a.layerFingerprints(stateMachineBytes: machine).bronze != b.layerFingerprints(stateMachineBytes: machine).bronze)
        #expect(a.layerFingerprints(stateMachineBytes: machine).bronze != a.layerFingerprints(stateMachineBytes: machine + [32]).bronze)
        #expect(a.layerFingerprints(stateMachineBytes: machine).combined.count == 64)
    }

    @Test func eachLayerFingerprintFollowsOnlyItsOwnSettings() throws {
        func fingerprints(_ silver: String, _ gold: String, description: String = "d") throws -> LayerFingerprints {
            try parse(#"{"dataset": "nsde", "description": "\#(description)", "source": {"url": "file:a.csv", "format": "csv"}, "silver": \#(silver), "gold": \#(gold)}"#)
                .layerFingerprints(stateMachineBytes: [])
        }
        let t1 = #"{"name": "t1", "group_by": ["a"], "metrics": {"n": "count(*)"}}"#
        let t2 = #"{"name": "t2", "metrics": {"n": "count(*)"}}"#
        let t2b = #"{"name": "t2", "metrics": {"n": "count(*)", "m": "max(b)"}}"#
        let base = try fingerprints(#"{"keys": ["a"]}"#, #"{"tables": [\#(t1), \#(t2)]}"#)
        // A Gold table edit moves that table's fingerprint alone.
        let goldEdit = try fingerprints(#"{"keys": ["a"]}"#, #"{"tables": [\#(t1), \#(t2b)]}"#)
        #expect(goldEdit.bronze == base.bronze && goldEdit.silver == base.silver)
        #expect(goldEdit.gold["t1"] == base.gold["t1"] && goldEdit.gold["t2"] != base.gold["t2"])
        // The memory budget and the description change no output.
        let budget = try fingerprints(#"{"keys": ["a"]}"#, #"{"memory_mb": 64, "tables": [\#(t1), \#(t2)]}"#, description: "other")
        #expect(budget == base)
        // Key order and spacing inside a section do not matter.
        let reordered = try fingerprints(#"{ "keys" : ["a"] }"#, #"{"tables": [{"metrics": {"n": "count(*)"}, "group_by": ["a"], "name": "t1"}, \#(t2)]}"#)
        #expect(reordered == base)
        let silverEdit = try fingerprints(#"{"keys": ["b"]}"#, #"{"tables": [\#(t1), \#(t2)]}"#)
        #expect(silverEdit.silver != base.silver && silverEdit.bronze == base.bronze && silverEdit.gold == base.gold)
    }
}

@Suite struct RunIdentifierTests {
    @Test func idsCarryTheUTCStartAndTheHash() {
        let date = Date(timeIntervalSince1970: 1_795_872_060) // 2026-11-28T13:21:00Z
        #expect(RunIdentifier.timestamp(date) == "20261128T132100Z")
        let provisional = RunIdentifier.provisional(startedAt: date)
        #expect(provisional.range(of: #"^20261128T132100Z-[0-9a-f]{8}$"#, options: .regularExpression) != nil)
        #expect(RunIdentifier.final(provisional: provisional, sha256: "9cf7849bdeadbeef") == "20261128T132100Z-9cf7849b")
        #expect(RunIdentifier.ingestDate(runId: "20261128T132100Z-9cf7849b") == "2026-11-28")
        #expect(RunIdentifier.startDate(runId: "20261128T132100Z-9cf7849b") == date)
    }
}
