import Foundation
import Testing
import TestSupport

@Suite struct CLITests {
    @Test func versionPrintsTheRelease() throws {
        let result = try runProcess(TestEnvironment.medallionBinary.path, ["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
    }

    @Test func helpExplainsTheTool() throws {
        let result = try runProcess(TestEnvironment.medallionBinary.path, ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: medallion"))
        #expect(result.stdout.contains("data-lake orchestrator"))
    }

    @Test func unknownOptionIsBadUsage() throws {
        let result = try runProcess(TestEnvironment.medallionBinary.path, ["--no-such-flag"])
        #expect(result.status == 64 || result.status == 2)
    }
}
