import Foundation
import Logging
import Testing
@testable import MedallionCore

/// Log lines are one per event, as logfmt-like text or JSON, and never carry a credential.
@Suite struct StructuredLogHandlerTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        var all: [String] { lock.withLock { stored } }
        func add(_ line: String) { lock.withLock { stored.append(line) } }
    }

    private func logger(_ format: LogFormat, environment: [String: String] = [:]) -> (Logger, Lines) {
        let lines = Lines()
        let output = LogOutput { lines.add($0) }
        var logger = Logger(label: "medallion") { label in
            StructuredLogHandler(label: label, level: .info, format: format, mask: SecretMask(environment: environment), output: output)
        }
        logger[metadataKey: "dataset"] = "nsde"
        return (logger, lines)
    }

    @Test func textLinesCarrySortedMetadataQuotedWhenNeeded() throws {
        let (logger, lines) = logger(.text)
        logger.warning("download failed; retrying", metadata: ["attempt": .stringConvertible(2), "error": "HTTP 503", "wait_s": .stringConvertible(0.5)])
        logger.debug("hidden")
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        #expect(line.hasSuffix("\n"))
        let text = line.dropLast()
        #expect(text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z warning \[medallion\] download failed; retrying "#
                            + #"attempt=2 dataset=nsde error="HTTP 503" wait_s=0\.5$"#, options: .regularExpression) != nil, "\(text)")
    }

    @Test func jsonLinesAreObjectsWithTypedValues() throws {
        let (logger, lines) = logger(.json)
        logger.info("task succeeded", metadata: ["duration_s": .stringConvertible(1.25), "attempts": .stringConvertible(3),
                                                 "note": "line\nbreak \"quoted\"", "list": ["a", "b"], "message": "shadow"])
        let line = try #require(lines.all.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "medallion")
        #expect(object["message"] as? String == "task succeeded")
        #expect(object["dataset"] as? String == "nsde")
        #expect(object["duration_s"] as? Double == 1.25)
        #expect(object["attempts"] as? Int == 3)
        #expect(object["note"] as? String == "line\nbreak \"quoted\"")
        #expect(object["list"] as? [String] == ["a", "b"])
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
        #expect(line.hasPrefix(#"{"time":"#))
    }

    @Test(arguments: [LogFormat.text, .json])
    func credentialsNeverReachALine(_ format: LogFormat) {
        let environment = ["AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCY", "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEBa-session",
                           "MY_API_TOKEN": "tok-123456", "HOME": "/root", "AWS_REGION": "us-east-1"]
        let (logger, lines) = logger(format, environment: environment)
        logger.warning("fetching https://bob:hunter2@example.com/a.csv?token=abc123 failed: key wJalrXUtnFEMI/K7MDENG+bPxRfiCY",
                       metadata: ["url": "https://bob:hunter2@example.com/a.csv?sig=zzz999", "cause": "token FwoGZXIvYXdzEBa-session",
                                  "nested": ["tok-123456"], "region": "us-east-1"])
        let all = lines.all.joined()
        for secret in ["hunter2", "abc123", "zzz999", "wJalrXUtnFEMI", "FwoGZXIvYXdzEBa", "tok-123456"] {
            #expect(!all.contains(secret), "\(secret) in \(all)")
        }
        #expect(all.contains("REDACTED@example.com"))
        #expect(all.contains("us-east-1"), "ordinary values stay")
    }
}
