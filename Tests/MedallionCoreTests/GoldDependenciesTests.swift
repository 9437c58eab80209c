import Foundation
import Testing
@testable import MedallionCore

@Suite struct GoldDependenciesTests {
    private func config(_ name: String, reads: [String]) throws -> DatasetConfig {
        let tables = reads.enumerated().map { index, other in
            #"{"name": "t\#(index)", "from": "silver:\#(other)", "metrics": {"n": "count(*)"}}"#
        }
        let json = #"{"dataset": "\#(name)", "source": {"url": "file:a.csv", "format": "csv"}, "gold": {"tables": [\#(tables.joined(separator: ","))]}}"#
        return try DatasetConfig.parse(Array(json.utf8), file: "datasets/\(name).json")
    }

    @Test func upstreamLeavesOutTheDatasetItself() throws {
        #expect(GoldDependencies.upstream(of: try config("a", reads: ["a", "b", "b", "c"])) == ["b", "c"])
    }

    @Test func findsCyclesAndOnlyCycles() throws {
        let chain = [try config("a", reads: ["b"]), try config("b", reads: ["c"]), try config("c", reads: [])]
        #expect(GoldDependencies.cycle(in: chain) == nil)
        let loop = [try config("a", reads: ["b"]), try config("b", reads: ["c"]), try config("c", reads: ["a"])]
        let cycle = try #require(GoldDependencies.cycle(in: loop))
        #expect(Set(cycle) == ["a", "b", "c"] && cycle.first == cycle.last)
        #expect(GoldDependencies.cycle(in: [try config("a", reads: ["a"])]) == nil)
    }

    @Test func waitsOnlyForSelectedDatasets() throws {
        let configs = [try config("a", reads: ["b", "z"]), try config("b", reads: [])]
        #expect(GoldDependencies.waits(for: ["a", "b"], configs: configs) == ["a": ["b"], "b": []])
        #expect(GoldDependencies.waits(for: ["a"], configs: configs) == ["a": []])
    }
}
