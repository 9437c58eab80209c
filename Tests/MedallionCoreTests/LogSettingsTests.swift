import Logging
import Testing
@testable import MedallionCore

/// `--log-level` over `MEDALLION_LOG_LEVEL` over the default (warning; error with --quiet).
@Suite struct LogSettingsTests {
    @Test func flagsWinOverTheEnvironmentWhichWinsOverTheDefault() throws {
        #expect(try LogSettings.resolve(level: nil, format: nil, environment: [:]) == LogSettings(level: .warning, format: .text))
        #expect(try LogSettings.resolve(level: nil, format: nil, quiet: true, environment: [:]).level == .error)
        let environment = ["MEDALLION_LOG_LEVEL": "DEBUG", "MEDALLION_LOG_FORMAT": "json"]
        #expect(try LogSettings.resolve(level: nil, format: nil, quiet: true, environment: environment) == LogSettings(level: .debug, format: .json))
        #expect(try LogSettings.resolve(level: "trace", format: "text", environment: environment) == LogSettings(level: .trace, format: .text))
        #expect(try LogSettings.resolve(level: nil, format: nil, environment: ["MEDALLION_LOG_LEVEL": ""]).level == .warning)
    }

    @Test func unknownValuesNameTheirSourceAndTheChoices() {
        #expect(throws: LogSettingsError.unknownLevel("loud", source: "MEDALLION_LOG_LEVEL")) {
            try LogSettings.resolve(level: nil, format: nil, environment: ["MEDALLION_LOG_LEVEL": "loud"])
        }
        #expect(throws: LogSettingsError.unknownFormat("xml", source: "--log-format")) {
            try LogSettings.resolve(level: nil, format: "xml", environment: [:])
        }
        #expect(LogSettingsError.unknownLevel("loud", source: "--log-level").description
                == "--log-level: 'loud' is not a log level; use one of trace, debug, info, notice, warning, error, critical")
    }
}
