import Foundation
import Manifest
import StateMachine
import Testing
import TestSupport
@testable import MedallionCore

/// `medallion:finish-run`, which the AWS export puts before each Succeed state: a run still
/// running (a skip) becomes skipped; a run that already ended keeps its status; a run of
/// another dataset or an unknown one is bad input.
@Suite struct FinishRunStepTests {
    @Test func settlesOnlyARunThatIsStillRunning() async throws {
        let workspace = try AWSExportFlowTests.Workspace()
        defer { workspace.remove() }
        let environment = workspace.environment("finish")
        let store = try environment.openManifest()
        try store.registerDataset(name: "nsde", configPath: "datasets/nsde.json")
        for name in ["20261130T100000Z-00000001", "20261130T100000Z-00000002"] {
            try store.startRun(RunRecord(executionName: name, runId: name, dataset: "nsde", forced: false,
                                         sourceURL: "file:x.csv", startedAt: Date()))
        }
        try store.finishRun(executionName: "20261130T100000Z-00000002", status: .failed, finishedAt: Date(),
                            error: "Medallion.SourceNotFound", cause: "gone")
        func finish(_ runId: String, dataset: String = "nsde") async throws -> JSONValue {
            try await StepRunner.run(resource: FinishRunStep.resource, input: ["dataset": .string(dataset), "run_id": .string(runId)],
                                     environment: environment)
        }
        #expect(try await finish("20261130T100000Z-00000001")["status"] == "skipped")
        #expect(try store.run(id: "20261130T100000Z-00000001")?.status == .skipped)
        // Again: already settled, nothing changes.
        #expect(try await finish("20261130T100000Z-00000001")["status"] == "skipped")
        #expect(try await finish("20261130T100000Z-00000002")["status"] == "failed")
        let failed = try #require(try store.run(id: "20261130T100000Z-00000002"))
        #expect(failed.status == .failed && failed.error == "Medallion.SourceNotFound")
        for (runId, dataset) in [("20261130T100000Z-00000009", "nsde"), ("20261130T100000Z-00000001", "claims")] {
            await #expect(throws: TaskFailure.self) { try await finish(runId, dataset: dataset) }
        }
        let unchanged = try #require(try store.run(id: "20261130T100000Z-00000001"))
        #expect(unchanged.status == .skipped)
    }
}
