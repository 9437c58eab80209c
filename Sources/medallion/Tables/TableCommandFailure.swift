import ArgumentParser
import MedallionCore

/// How `rollback` and `vacuum` end on an error: a refusal (an unknown, current or vacuumed
/// version, a bad `--keep`, a busy dataset) is bad usage, exit 2; anything else (the lake or the
/// manifest failing) exit 1.
enum TableCommandFailure {
    static func exitCode(for error: any Error) -> ExitCode {
        switch error {
        case is TableCommandError, is PipelineError: return Output.fail("\(error)")
        default: return Output.fail("\(error)", code: 1)
        }
    }
}
