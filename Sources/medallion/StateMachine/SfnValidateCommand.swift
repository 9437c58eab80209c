import ArgumentParser
import Foundation
import StateMachine

/// `medallion sfn validate FILE`: lists every problem and exits 2, or exits 0 when valid.
struct SfnValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a state machine definition; every problem is listed with its state and field."
    )

    @Argument(help: "The definition file (.asl.json).")
    var file: String

    func run() async throws {
        let data = try SfnDefinitionFile.read(file)
        let parsed = StateMachineDefinition.check(data, knownResources: nil)
        SfnDefinitionFile.reportWarnings(parsed.warnings, file: file)
        guard parsed.problems.isEmpty else {
            SfnDefinitionFile.report(parsed.problems, file: file)
            throw ExitCode(2)
        }
        SfnDefinitionFile.printError("\(file): valid")
    }
}

/// Reading definitions and reporting their problems, shared by the sfn commands.
enum SfnDefinitionFile {
    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("error: cannot read \(path)")
            throw ExitCode(2)
        }
        return data
    }

    static func report(_ problems: [ValidationProblem], file: String) {
        printError("\(file): \(problems.count) problem(s)")
        for problem in problems { printError("  \(problem)") }
    }

    /// Warnings do not make a definition invalid; they are printed and the command goes on.
    static func reportWarnings(_ warnings: [ValidationProblem], file: String) {
        for warning in warnings { printError("\(file): warning: \(warning)") }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
