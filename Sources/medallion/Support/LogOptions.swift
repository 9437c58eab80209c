import ArgumentParser
import Foundation
import Logging
import MedallionCore

/// `--log-level` and `--log-format`: structured log lines on stderr (retries, backoff waits,
/// heartbeats, task ends), separate from the progress lines.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Log level: trace, debug, info, notice, warning, error or critical (default: $MEDALLION_LOG_LEVEL, else warning; error with --quiet).",
        valueName: "level"))
    var logLevel: String?

    @Option(name: .long, help: ArgumentHelp("Log line format: text or json (default: $MEDALLION_LOG_FORMAT, else text).",
                                            valueName: "format"))
    var logFormat: String?

    func validate() throws {
        _ = try settings(quiet: false)
    }

    func settings(quiet: Bool) throws -> LogSettings {
        do {
            return try LogSettings.resolve(level: logLevel, format: logFormat, quiet: quiet)
        } catch let error as LogSettingsError {
            throw ValidationError(error.description)
        }
    }

    /// Routes this process's logging to stderr and returns its logger.
    func logger(quiet: Bool = false) -> Logger {
        ((try? settings(quiet: quiet)) ?? LogSettings(level: .warning, format: .text)).bootstrap()
    }
}
