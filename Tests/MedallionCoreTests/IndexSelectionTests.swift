import Foundation
import StateMachine
import Testing
@testable import MedallionCore

/// `source.index`: the JSONPath selection over an MRF-shaped index and the resolution of
/// relative URLs against the index URL.
@Suite struct IndexSelectionTests {
    static let index = """
        {"reporting_entity_name": "Payer",
         "reporting_structure": [
           {"reporting_plans": [{"plan_name": "A"}],
            "in_network_files": [{"description": "a", "location": "files/a.json.gz"},
                                 {"description": "b", "location": "https://cdn.example.com/b.json.gz"}]},
           {"reporting_plans": [{"plan_name": "B"}],
            "in_network_files": [{"description": "a again", "location": "files/a.json.gz"},
                                 {"description": "c", "location": "/root/c.json.gz"}]}]}
        """

    @Test func selectsLocationsInDocumentOrderResolvedAndOnce() throws {
        let document = try JSONValue(parsing: Self.index)
        let urls = try IndexSelection.urls(in: document, path: "$.reporting_structure[*].in_network_files[*].location",
                                           indexURL: "http://127.0.0.1:8080/mrf/index.json")
        #expect(urls == ["http://127.0.0.1:8080/mrf/files/a.json.gz", "https://cdn.example.com/b.json.gz",
                         "http://127.0.0.1:8080/root/c.json.gz"])
    }

    @Test func relativeURLsResolveAgainstFileAndS3Indexes() {
        #expect(IndexSelection.resolve("a.csv", against: "file:data/index.json") == "file:data/a.csv")
        #expect(IndexSelection.resolve("../b.csv", against: "file:data/idx/index.json") == "file:data/b.csv")
        #expect(IndexSelection.resolve("x/a.csv", against: "file:/abs/index.json") == "file:/abs/x/a.csv")
        #expect(IndexSelection.resolve("a.csv", against: "s3://bucket/mrf/index.json") == "s3://bucket/mrf/a.csv")
        #expect(IndexSelection.resolve("../../a.csv", against: "s3://bucket/mrf/index.json") == "s3://bucket/a.csv")
        #expect(IndexSelection.resolve("s3://other/k.csv", against: "file:index.json") == "s3://other/k.csv")
    }

    @Test func aSelectionOfNothingOrOfNonStringsIsAnError() throws {
        let document = try JSONValue(parsing: Self.index)
        #expect(throws: FileSetError.indexSelectsNothing(url: "file:i.json", path: "$.nothing[*].location")) {
            try IndexSelection.urls(in: document, path: "$.nothing[*].location", indexURL: "file:i.json")
        }
        #expect(throws: FileSetError.self) {
            try IndexSelection.urls(in: document, path: "$.reporting_structure[*].reporting_plans", indexURL: "file:i.json")
        }
    }
}
