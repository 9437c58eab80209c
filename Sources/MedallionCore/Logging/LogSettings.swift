import Foundation
import Logging

/// The log level and format a command runs with: `--log-level` / `--log-format`, else
/// `MEDALLION_LOG_LEVEL` / `MEDALLION_LOG_FORMAT`, else warnings and errors as text (only
/// errors with `--quiet`, which promises no human output).
public struct LogSettings: Sendable, Equatable {
    public var level: Logger.Level
    public var format: LogFormat

    public init(level: Logger.Level, format: LogFormat) {
        self.level = level
        self.format = format
    }

    /// The names `--log-level` accepts, most verbose first.
    public static let levelNames = Logger.Level.allCases.map(\.rawValue)

    /// Resolves flags against the environment; a value that is not a level or format throws.
    public static func resolve(level: String?, format: String?, quiet: Bool = false,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LogSettings {
        func setting(_ flag: String?, _ variable: String) -> (value: String, source: String)? {
            if let flag { return (flag, "--\(variable == "MEDALLION_LOG_LEVEL" ? "log-level" : "log-format")") }
            if let value = environment[variable], !value.isEmpty { return (value, variable) }
            return nil
        }
        var settings = LogSettings(level: quiet ? .error : .warning, format: .text)
        if let (value, source) = setting(level, "MEDALLION_LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: value.lowercased()) else {
                throw LogSettingsError.unknownLevel(value, source: source)
            }
            settings.level = parsed
        }
        if let (value, source) = setting(format, "MEDALLION_LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: value.lowercased()) else {
                throw LogSettingsError.unknownFormat(value, source: source)
            }
            settings.format = parsed
        }
        return settings
    }

    /// Routes every `Logger` of this process to stderr with these settings and returns the
    /// root one. Values of secret-looking variables in `environment` never reach a line.
    /// swift-log takes one bootstrap per process: later calls keep the first settings.
    public func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) -> Logger {
        let mask = SecretMask(environment: environment)
        let output = LogOutput.standardError
        let level = level, format = format
        Self.bootstrapOnce.lock()
        defer { Self.bootstrapOnce.unlock() }
        if !Self.bootstrapped {
            Self.bootstrapped = true
            LoggingSystem.bootstrap { label in
                StructuredLogHandler(label: label, level: level, format: format, mask: mask, output: output)
            }
        }
        return Logger(label: "medallion")
    }

    private static let bootstrapOnce = NSLock()
    nonisolated(unsafe) private static var bootstrapped = false
}

/// A log setting that names no level or format.
public enum LogSettingsError: Error, CustomStringConvertible, Equatable {
    case unknownLevel(String, source: String)
    case unknownFormat(String, source: String)

    public var description: String {
        switch self {
        case .unknownLevel(let value, let source):
            return "\(source): '\(value)' is not a log level; use one of \(LogSettings.levelNames.joined(separator: ", "))"
        case .unknownFormat(let value, let source):
            return "\(source): '\(value)' is not a log format; use one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
