import Foundation
import Lake
import StateMachine
import Testing
import TestSupport
@testable import MedallionCore

/// Step inputs are JSON anyone can hand to `medallion task`: names, run ids and lake locations
/// are checked before they become paths.
@Suite struct StepInputCheckTests {
    let check = StepInputCheck(step: "medallion:bronze")

    /// Runs `body`, returning the BadStepInput cause it threw (nil when it passed).
    private func cause(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let failure as TaskFailure {
            #expect(failure.error == "Medallion.BadStepInput")
            return failure.cause ?? ""
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func datasetNames() {
        #expect(cause { try check.dataset("nsde", field: "dataset") } == nil)
        #expect(cause { try check.dataset("a-b_c9", field: "dataset") } == nil)
        for bad in ["../nsde", "NSDE", "", "a/b", "9a", "nsde\0", String(repeating: "a", count: 65), "../datasets/nsde", "nsde\n"] {
            let message = cause { try check.dataset(bad, field: "dataset") }
            #expect(message?.contains("medallion:bronze: input field 'dataset' must be a dataset name") == true, "\(bad): \(message ?? "passed")")
        }
    }

    @Test func runIds() {
        for good in ["20261124T101500Z-0badc0de", "20261124T101500Z-0badc0de-2", "20261124T101500Z-0badc0de-17"] {
            #expect(cause { try check.runId(good, field: "run_id") } == nil, "\(good)")
        }
        for bad in ["../../outside/x", "20261124T101500Z-0badc0de/../..", "20261124T101500Z-0BADC0DE", "20261124T101500Z-0badc0de-0",
                    "20261124T101500Z-0badc0de-1", "20261124T101500Z-0badc0d", "", "task", "20261124T101500Z-0badc0de\n"] {
            let message = cause { try check.runId(bad, field: "fetch.run_id") }
            #expect(message?.contains("input field 'fetch.run_id' must be a run id") == true, "\(bad): \(message ?? "passed")")
        }
    }

    @Test func keysStayUnderTheirLayerPrefix() {
        #expect(cause { try check.key("raw/nsde/ingest_date=2026-11-24/ab.csv", field: "fetch.raw_key", under: "raw/nsde/") } == nil)
        for bad in ["../../somewhere/file.csv", "/etc/passwd", "raw/nsde/../other/x.csv", "raw/nsde//x.csv", "raw/other/x.csv",
                    "raw/nsde/", "raw/nsde", "raw/nsde/./x", "raw/nsde/a\\..\\b", "", "raw/nsdex/a.csv"] {
            let message = cause { try check.key(bad, field: "fetch.raw_key", under: "raw/nsde/") }
            #expect(message?.contains("input field 'fetch.raw_key' must be a lake key under raw/nsde/") == true, "\(bad): \(message ?? "passed")")
        }
    }

    @Test func partitionsAreThisDatasetsAndNamedByARunId() throws {
        let dir = try TestEnvironment.makeTemporaryDirectory("step-input")
        defer { try? FileManager.default.removeItem(at: dir) }
        let lake = try LocalObjectStore(root: dir.appendingPathComponent("lake"))
        let run = "20261124T101500Z-0badc0de"
        #expect(cause { try check.partition(lake.uri(for: "silver/nsde/version=\(run)"), field: "silver.uri",
                                            prefix: "silver/nsde/version=", in: lake) } == nil)
        for bad in [lake.uri(for: "silver/claims/version=\(run)"), lake.uri(for: "silver/nsde/version=x"),
                    lake.uri(for: "silver/nsde/version=\(run)/extra"), lake.uri(for: "silver/nsde/version=\(run)/"),
                    lake.uri(for: "silver/nsde/version=\(run)/../../../outside"), "file:///etc", "s3://bucket/silver/nsde/version=\(run)",
                    lake.rootURI + "/../outside/silver/nsde/version=\(run)"] {
            let message = cause { try check.partition(bad, field: "silver.uri", prefix: "silver/nsde/version=", in: lake) }
            #expect(message?.contains("input field 'silver.uri'") == true, "\(bad): \(message ?? "passed")")
        }
    }

    @Test func longOrBinaryValuesAreQuotedShortAndPrintable() {
        let message = cause { try check.dataset(String(repeating: "x", count: 10_000) + "\0", field: "dataset") } ?? ""
        #expect(message.count < 400, "\(message.count)")
        #expect(!message.contains("\0"))
        #expect(message.hasSuffix("…'"))
    }
}
