import Foundation
import Testing
import TestSupport

/// `medallion graph`: the flow as SVG (laid out by Graphviz), DOT and Mermaid, and a run's
/// outcome drawn over it.
@Suite struct GraphCommandTests {
    /// Node and edge titles of a Graphviz SVG (`<g class="node"><title>…`), unescaped.
    static func svgElements(_ svg: String, kind: String) -> [String] {
        let pattern = "<g id=\"[a-z]+[0-9]+\" class=\"\(kind)(?: [a-z-]+)?\">\\s*<title>([^<]*)</title>"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(svg.startIndex..., in: svg)
        return regex.matches(in: svg, range: range).compactMap { match in
            Range(match.range(at: 1), in: svg).map {
                String(svg[$0]).replacingOccurrences(of: "&#45;", with: "-").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&amp;", with: "&")
            }
        }
    }

    @Test func theDefaultFlowAsSVG() throws {
        let workspace = try PipelineWorkspace("graph-default")
        defer { workspace.remove() }
        let result = try workspace.medallion(["graph", "nsde"])
        #expect(result.status == 0, "\(result.stderr)")
        let nodes = Set(Self.svgElements(result.stdout, kind: "node"))
        #expect(nodes == ["__start", "__end", "FetchAndHash", "Changed?", "Bronze", "Silver", "Gold", "UpdateManifest",
                          "Skip", "RecordFailure", "Failed"])
        let edges = Set(Self.svgElements(result.stdout, kind: "edge"))
        for edge in ["__start->FetchAndHash", "FetchAndHash->Changed?", "Changed?->Bronze", "Changed?->Gold", "Changed?->Skip",
                     "Bronze->Silver", "Silver->Gold", "Gold->UpdateManifest", "UpdateManifest->__end", "Bronze->RecordFailure",
                     "RecordFailure->Failed"] {
            #expect(edges.contains(edge), "missing edge \(edge)")
        }
        // Choice edges carry their rules; catch edges are dashed.
        #expect(result.stdout.contains("$.fetch.changed == true"))
        #expect(result.stdout.contains("stroke-dasharray"))
    }

    @Test func parallelMapAndCatchAreGroupsAndDashedEdges() throws {
        let workspace = try PipelineWorkspace("graph-groups")
        defer { workspace.remove() }
        try workspace.write("flow.asl.json", """
            {"StartAt":"Fan","States":{
              "Fan":{"Type":"Parallel","Next":"Each","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Oops"}],
                "Branches":[{"StartAt":"Left","States":{"Left":{"Type":"Pass","End":true}}},
                            {"StartAt":"Right","States":{"Right":{"Type":"Wait","Seconds":1,"End":true}}}]},
              "Each":{"Type":"Map","ItemsPath":"$.items","End":true,
                "ItemProcessor":{"StartAt":"Check","States":{
                  "Check":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":3,"Next":"Big"}],"Default":"Small"},
                  "Big":{"Type":"Succeed"},"Small":{"Type":"Succeed"}}}},
              "Oops":{"Type":"Fail","Error":"Broken"}}}
            """)
        let svg = try workspace.medallion(["graph", "flow.asl.json", "--format", "svg"])
        #expect(svg.status == 0, "\(svg.stderr)")
        let clusters = Self.svgElements(svg.stdout, kind: "cluster")
        #expect(clusters.count == 3, "two branches and one processor: \(clusters)")
        #expect(svg.stdout.contains("Fan: branch 1") && svg.stdout.contains("Fan: branch 2") && svg.stdout.contains("Each: each item"))
        let nodes = Set(Self.svgElements(svg.stdout, kind: "node"))
        #expect(nodes.isSuperset(of: ["Fan", "Left", "Right", "Each", "Check", "Big", "Small", "Oops"]))
        let edges = Set(Self.svgElements(svg.stdout, kind: "edge"))
        #expect(edges.isSuperset(of: ["Fan->Left", "Fan->Right", "Fan->Each", "Fan->Oops", "Each->Check", "Check->Big", "Check->Small"]))
        #expect(svg.stdout.contains("$.n &gt; 3"))

        let mermaid = try workspace.medallion(["graph", "flow.asl.json", "--format", "mermaid"])
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.hasPrefix("flowchart TD"))
        #expect(mermaid.stdout.components(separatedBy: "subgraph ").count - 1 == 3)
        #expect(mermaid.stdout.contains("-.->|\"catch States.ALL\"|"))
        let dot = try workspace.medallion(["graph", "flow.asl.json", "--format", "dot", "-o", "flow.dot"])
        #expect(dot.status == 0)
        let written = try String(contentsOf: workspace.root.appendingPathComponent("flow.dot"), encoding: .utf8)
        #expect(written.contains("\"Fan\" -> \"Oops\" [label=\"catch States.ALL\", style=dashed"))
    }

    @Test func aRunIsDrawnOverTheFlow() throws {
        let workspace = try PipelineWorkspace("graph-run")
        defer { workspace.remove() }
        #expect(try workspace.medallion(["run", "nsde", "--quiet"]).status == 0)
        #expect(try workspace.medallion(["run", "nsde", "--quiet"]).status == 0)
        let runs = try #require(try PipelineWorkspace.json(try workspace.medallion(["runs", "--json"]).stdout) as? [[String: Any]])
        let skipped = try #require(runs.first?["run_id"] as? String)
        let built = try #require(runs.last?["run_id"] as? String)

        let first = try workspace.medallion(["graph", "nsde", "--run", built, "--format", "dot"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("\"Bronze\" [label=\"Bronze\\nmedallion:bronze\\n✓ succeeded"))
        #expect(first.stdout.contains("\"Skip\" [label=\"Skip\\n– skipped"))
        #expect(first.stdout.contains("\"RecordFailure\" [label=\"RecordFailure\\nmedallion:record-failure\\n– skipped"))
        let second = try workspace.medallion(["graph", "nsde", "--run", skipped, "--format", "dot"])
        #expect(second.stdout.contains("\"Bronze\" [label=\"Bronze\\nmedallion:bronze\\n– skipped"))
        #expect(second.stdout.contains("\"Skip\" [label=\"Skip\\n✓ succeeded"))

        // A failed run: the failing state is marked failed, what follows it not reached.
        try workspace.write("datasets/broken.json", """
            {"dataset": "broken", "source": {"url": "file:does-not-exist.csv", "format": "csv"},
             "state_machine": "statemachines/medallion.asl.json"}
            """)
        #expect(try workspace.medallion(["run", "broken", "--quiet"]).status == 1)
        let failedRuns = try #require(try PipelineWorkspace.json(try workspace.medallion(["runs", "--dataset", "broken", "--json"]).stdout) as? [[String: Any]])
        let failed = try #require(failedRuns.first?["run_id"] as? String)
        let svg = try workspace.medallion(["graph", "broken", "--run", failed])
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout.contains("✗ failed"))
        let dot = try workspace.medallion(["graph", "broken", "--run", failed, "--format", "dot"]).stdout
        #expect(dot.contains("\"FetchAndHash\" [label=\"FetchAndHash\\nmedallion:fetch-and-hash · retry\\n✗ failed"))
        #expect(dot.contains("\"Bronze\" [label=\"Bronze\\nmedallion:bronze\\n· not reached"))
        #expect(dot.contains("\"Failed\" [label=\"Failed\\nMedallion.RunFailed\\n✗ failed"))
        // Another dataset's run is refused.
        #expect(try workspace.medallion(["graph", "nsde", "--run", failed]).status == 2)
    }

    @Test func withoutGraphvizSVGSaysHowToInstallIt() throws {
        let workspace = try PipelineWorkspace("graph-nodot")
        defer { workspace.remove() }
        let empty = workspace.root.appendingPathComponent("empty-bin")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try workspace.medallion(["graph", "nsde"], environment: ["PATH": empty.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("apt-get install graphviz"), "\(result.stderr)")
        #expect(try workspace.medallion(["graph", "nsde", "--format", "mermaid"], environment: ["PATH": empty.path]).status == 0)
    }
}
