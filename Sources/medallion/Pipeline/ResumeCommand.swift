import ArgumentParser
import Foundation
import MedallionCore

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Redrive a failed run from the state that failed.",
        discussion: """
            Runs the failed run's state machine again from the Task state that failed, with the \
            input that state received (from the run's history), so earlier steps are not repeated. \
            Use it after fixing what failed (a full disk, a lake that was unreachable). Exit 0 \
            when the run now succeeds, 1 when it fails again, 2 for an unknown or non-failed run \
            or a busy dataset.
            """)

    @Argument(help: "The failed run's id (see `medallion runs`).")
    var runId: String

    @OptionGroup var lakeOptions: LakeOptions

    @Flag(help: "Print the run summary as JSON on stdout.")
    var json = false

    @Flag(help: "No progress output.")
    var quiet = false

    func run() async throws {
        let progress: any ProgressSink = quiet ? SilentProgress() : TerminalProgress()
        let runner = DatasetRunner(environment: lakeOptions.environment(quiet: quiet), progress: progress)
        let summary: RunSummary
        do {
            summary = try await runner.resume(runId: runId)
        } catch {
            throw Output.fail("\(error)")
        }
        if json { Output.stdout(Output.json(summary)) }
        if !quiet { Output.stderr(RunCommand.describe(summary)) }
        if summary.failed { throw ExitCode(1) }
    }
}
