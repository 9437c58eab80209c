import Foundation
import StateMachine
import Testing

/// "If you specify both values, the workflow fails when it exceeds either value" (AWS developer
/// guide, "Tolerated failure threshold for Distributed Map state").
@Suite struct ToleratedFailureThresholdTests {
    func run(_ tolerance: String) async throws -> ExecutionResult {
        let definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map",\(tolerance),
              "ItemProcessor":{"StartAt":"C","States":{
                "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericGreaterThanEquals":8,"Next":"F"}],"Default":"OK"},
                "F":{"Type":"Fail","Error":"TooBig","Cause":"big"},"OK":{"Type":"Pass","End":true}}},"End":true}}}
            """
        // Items 8 and 9 fail: 2 of 10, 20 %.
        return await (try engine(definition)).run(input: .array((0..<10).map { .number(.integer($0)) }), executionName: "e")
    }

    @Test func exceedingEitherThresholdFailsWhenBothAreGiven() async throws {
        #expect(try await run(#""ToleratedFailureCount":1,"ToleratedFailurePercentage":50"#).errorName == "States.ExceedToleratedFailureThreshold")
        #expect(try await run(#""ToleratedFailureCount":5,"ToleratedFailurePercentage":10"#).errorName == "States.ExceedToleratedFailureThreshold")
        #expect(try await run(#""ToleratedFailureCount":2,"ToleratedFailurePercentage":20"#).output?.arrayValue?.count == 10)
    }
}
