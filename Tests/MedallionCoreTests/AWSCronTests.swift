import Foundation
import Testing
@testable import MedallionCore

@Suite struct AWSCronTests {
    func aws(_ expression: String) throws -> [String] { AWSCron.expressions(for: try CronSchedule(expression)) }

    @Test func fieldsBecomeEventBridgeCron() throws {
        #expect(try aws("0 6 * * 1-5") == ["cron(0 6 ? * 2-6 *)"])
        #expect(try aws("*/15 * * * *") == ["cron(0,15,30,45 * * * ? *)"])
        #expect(try aws("30 2 1 JAN-MAR *") == ["cron(30 2 1 1-3 ? *)"])
        #expect(try aws("@daily") == ["cron(0 0 * * ? *)"])
        #expect(try aws("@weekly") == ["cron(0 0 ? * 1 *)"])
        // Sunday is 0 and 7 in cron, 1 in EventBridge.
        #expect(try aws("0 0 * * 0,7") == ["cron(0 0 ? * 1 *)"])
        #expect(try aws("5 4 * * SAT,SUN") == ["cron(5 4 ? * 1,7 *)"])
    }

    @Test func bothDayFieldsMeanEitherDayAndBecomeTwoRules() throws {
        #expect(try aws("0 6 1,15 * MON") == ["cron(0 6 1,15 * ? *)", "cron(0 6 ? * 2 *)"])
    }
}
