import ArgumentParser
import Foundation
import Manifest
import MedallionCore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a run's state-machine execution events in order (Step Functions style).",
        discussion: "Opens the manifest read-only: works on a read-only manifest in a read-only directory.")

    @Argument(help: "The run id (as `medallion runs` shows it).")
    var runId: String

    @Flag(help: "JSON on stdout.")
    var json = false

    @OptionGroup var lakeOptions: LakeOptions

    func run() throws {
        let events: [EventView]
        do {
            events = try ManifestReport.history(environment: lakeOptions.environment, runId: runId)
        } catch {
            throw Output.fail("\(error)")
        }
        if json {
            Output.stdout(Output.json(events, pretty: true))
            return
        }
        Output.stdout(Output.table(["ID", "PREV", "TIMESTAMP", "TYPE", "STATE", "DETAIL"], events.map { event in
            ["\(event.id)", "\(event.previousEventId)", event.timestamp, event.type, event.stateName ?? "",
             event.summary]
        }))
    }
}
