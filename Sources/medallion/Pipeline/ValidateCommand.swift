import ArgumentParser
import Foundation
import MedallionCore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check dataset configs and state machines (default: everything in datasets/ and statemachines/).",
        discussion: "Lists every problem with its file and key path; exits 2 when any file is invalid.")

    @Argument(help: "Files to check (dataset configs or ASL definitions).")
    var files: [String] = []

    @Flag(help: "JSON on stdout.")
    var json = false

    func run() throws {
        let reports = ConfigValidation.validate(files: files, environment: PipelineEnvironment.resolve())
        if json { Output.stdout(Output.json(reports, pretty: true)) }
        for report in reports {
            for warning in report.warnings { Output.stderr("warning: \(warning)") }
            if report.valid {
                if !json { Output.stdout("ok       \(report.file)") }
            } else {
                if !json { Output.stdout("invalid  \(report.file)") }
                for problem in report.problems { Output.stderr("  \(problem)") }
            }
        }
        if reports.contains(where: { !$0.valid }) { throw ExitCode(2) }
    }
}
