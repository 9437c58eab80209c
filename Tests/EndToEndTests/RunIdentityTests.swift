import Foundation
import Testing
import TestSupport

/// Run ids name the start second and the source bytes, so two datasets reading identical bytes
/// started together want the same id. Both must still succeed, with distinct ids and partitions.
@Suite struct RunIdentityTests {
    @Test func twoDatasetsWithIdenticalSourcesRunConcurrentlyWithDistinctIds() throws {
        let ws = try PipelineWorkspace("run-ids")
        defer { ws.remove() }
        try ws.write("datasets/samples/same.csv", "id,name\n1,one\n2,two\n3,three\n")
        for name in ["twin_a", "twin_b"] {
            try ws.write("datasets/\(name).json", """
                {"dataset": "\(name)", "source": {"url": "file:datasets/samples/same.csv", "format": "csv"},
                 "silver": {"keys": ["id"]}}
                """)
        }
        var sameSecond = 0
        var allIds: [String] = []
        for round in 0..<4 {
            let run = try ws.medallion(["run", "twin_a", "twin_b", "--concurrency", "2", "--force", "--json", "--quiet"])
            #expect(run.status == 0, "round \(round): \(run.stderr) \(run.stdout)")
            let summaries = try PipelineWorkspace.jsonLines(run.stdout)
            #expect(summaries.map { $0["status"] as? String } == ["succeeded", "succeeded"], "round \(round): \(run.stdout)")
            let ids = summaries.compactMap { $0["run_id"] as? String }
            #expect(ids.count == 2 && ids[0] != ids[1], "round \(round): \(ids)")
            for id in ids {
                #expect(id.range(of: #"^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}(-([2-9]|[1-9][0-9]+))?$"#, options: .regularExpression) != nil, "\(id)")
            }
            if ids.count == 2, ids[0].prefix(16) == ids[1].prefix(16) { sameSecond += 1 }
            // Each dataset's partitions carry its own run id.
            for (summary, id) in zip(summaries, ids) {
                let outputs = summary["outputs"] as? [String: Any]
                let dataset = summary["dataset"] as? String ?? ""
                #expect(outputs?["bronze"] as? String == "file://\(ws.lake.path)/bronze/\(dataset)/run=\(id)")
                #expect(outputs?["silver"] as? String == "file://\(ws.lake.path)/silver/\(dataset)/version=\(id)")
            }
            allIds += ids
        }
        // Without a shared second the test proves nothing; with two runs started together it
        // happens in nearly every round.
        #expect(sameSecond > 0, "no round started both datasets in the same second")
        #expect(Set(allIds).count == allIds.count, "\(allIds)")
        let runs = try #require(try PipelineWorkspace.json(try ws.medallion(["runs", "--json", "--limit", "100"]).stdout) as? [[String: Any]])
        #expect(runs.count == 8 && runs.allSatisfy { $0["status"] as? String == "succeeded" })
        for dataset in ["twin_a", "twin_b"] {
            let partitions = ws.lakeFiles().filter { $0.hasPrefix("bronze/\(dataset)/") && $0.hasSuffix("/_SUCCESS") }
            #expect(partitions.count == 4, "\(partitions)")
        }
    }
}
