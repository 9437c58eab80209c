import ArgumentParser
import Foundation
import Manifest
import MedallionCore
import Transform

struct ManifestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manifest",
        abstract: "Show the current manifest version of datasets (SHA-256, run, rows, outputs).",
        discussion: "Opens the manifest read-only: works on a read-only manifest in a read-only directory.")

    @Argument(help: "A dataset; omit for every dataset's current version.")
    var dataset: String?

    @Flag(help: "Every version of the dataset, newest first.")
    var history = false

    @Flag(help: "The Silver quality report of the dataset's current version: rows in and out, duplicates removed, dropped, quarantined, each expectation's counts, null share per column.")
    var quality = false

    @Flag(help: "The files of a many-file source's current version: URL (redacted), SHA-256, bytes, Bronze rows, error of a skipped file.")
    var files = false

    @Flag(help: "JSON on stdout.")
    var json = false

    @OptionGroup var lakeOptions: LakeOptions

    func validate() throws {
        if history && dataset == nil { throw ValidationError("--history needs a dataset") }
        if quality && dataset == nil { throw ValidationError("--quality needs a dataset") }
        if quality && history { throw ValidationError("--quality shows one version; it does not combine with --history") }
        if files && dataset == nil { throw ValidationError("--files needs a dataset") }
        if files && (history || quality) { throw ValidationError("--files shows the current version's files; it does not combine with --history or --quality") }
    }

    func run() throws {
        if files, let dataset {
            let view: VersionFilesView?
            do {
                view = try ManifestReport.files(environment: lakeOptions.environment, dataset: dataset)
            } catch {
                throw Output.fail("\(error)")
            }
            guard let view else {
                if json { Output.stdout("null") }
                throw Output.fail("no manifest for '\(dataset)' yet: run `medallion run \(dataset)` first", code: 1)
            }
            Output.stdout(json ? Output.json(view, pretty: true) : Output.table(VersionFilesView.tableHeader, view.tableRows))
            return
        }
        let report: ManifestReport
        do {
            report = try ManifestReport.load(environment: lakeOptions.environment, dataset: dataset, history: history)
        } catch {
            throw Output.fail("\(error)")
        }
        if let dataset, report.versions.isEmpty {
            if json { Output.stdout(history ? "[]" : "null") }
            throw Output.fail("no manifest for '\(dataset)' yet: run `medallion run \(dataset)` first", code: 1)
        }
        if quality, let dataset {
            let current = report.versions[0]
            guard let qualityReport = current.quality else {
                throw Output.fail("version \(current.version) of '\(dataset)' has no quality report (it was recorded before Silver ran)", code: 1)
            }
            Output.stdout(json ? Output.json(qualityReport, pretty: true)
                               : QualityReportText.render(qualityReport, dataset: dataset, version: current.version, runId: current.runId))
            return
        }
        if json {
            Output.stdout(dataset != nil && !history ? Output.json(report.versions[0], pretty: true)
                                                      : Output.json(report.versions, pretty: true))
            return
        }
        if dataset != nil && !history {
            Output.stdout(report.versions[0].text)
        } else {
            Output.stdout(Output.table(["DATASET", "VERSION", "RUN", "SHA256", "BYTES", "BRONZE", "SILVER", "DELTA VERSIONS", "FINISHED", "SCHEMA CHANGES"],
                                       report.versions.map { v in
                [v.dataset, "\(v.version)", v.runId, String(v.sourceSHA256.prefix(16)), Output.bytes(v.sourceBytes),
                 "\(v.rows["bronze"] ?? v.rows["source"] ?? 0)", v.rows["silver"].map { "\($0)" } ?? "",
                 v.deltaSummary, v.finishedAt, v.schemaChanges?.summary ?? ""]
            }))
        }
    }
}
