import Foundation
@testable import StateMachine
import Testing

/// Wait timing sources and Pass-state input/output processing, per the States Language
/// specification ("Wait State", "Pass State", "Input and Output Processing").
@Suite struct WaitAndPassConformanceTests {
    @Test func waitSourcesAndInvalidValues() async throws {
        let clock = FakeClock()
        let past = RFC3339.format(clock.now().addingTimeInterval(-60))
        let ok = try engine("""
            {"StartAt":"A","States":{"A":{"Type":"Wait","Timestamp":"\(past)","Next":"B"},
              "B":{"Type":"Wait","SecondsPath":"$.s","End":true}}}
            """, clock: clock)
        #expect(await ok.run(input: ["s": 0], executionName: "e").output == ["s": 0])
        for (field, value) in [("SecondsPath", JSONValue.string("ten")), ("SecondsPath", -1), ("SecondsPath", 1.5),
                               ("TimestampPath", "2026-13-01T00:00:00Z"), ("TimestampPath", 5)] {
            let e = try engine(#"{"StartAt":"W","States":{"W":{"Type":"Wait","\#(field)":"$.v","End":true}}}"#, clock: clock)
            #expect(await e.run(input: ["v": value], executionName: "e").errorName == "States.Runtime", "\(field) = \(value)")
        }
        let missing = try engine(#"{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.nope","End":true}}}"#, clock: clock)
        #expect(await missing.run(input: [:], executionName: "e").errorName == "States.Runtime")
    }

    @Test func passResultWithResultPath() async throws {
        let e = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"v":1},"ResultPath":"$.r","End":true}}}"#)
        #expect(await e.run(input: ["k": 0], executionName: "e").output == ["k": 0, "r": ["v": 1]])
        let replace = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"v":1},"ResultPath":"$","End":true}}}"#)
        #expect(await replace.run(input: ["k": 0], executionName: "e").output == ["v": 1])
        // ResultPath null discards the result and passes the input through.
        let discard = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"v":1},"ResultPath":null,"End":true}}}"#)
        #expect(await discard.run(input: ["k": 0], executionName: "e").output == ["k": 0])
        // ResultPath writes into the raw input, not the InputPath selection.
        let raw = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.k","ResultPath":"$.copy","End":true}}}"#)
        #expect(await raw.run(input: ["k": ["a": 1]], executionName: "e").output == ["k": ["a": 1], "copy": ["a": 1]])
    }

    @Test func parametersDistinguishNullFromMissing() async throws {
        let e = try engine("""
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"n.$":"$.n","lit":"$.n","nested":{"x.$":"$.x"},
              "list":[{"y.$":"$.x"}],"ctx.$":"$$.Execution.Input.x"},"End":true}}}
            """)
        #expect(await e.run(input: ["n": nil, "x": 1], executionName: "e").output
                == ["n": nil, "lit": "$.n", "nested": ["x": 1], "list": [["y": 1]], "ctx": 1])
        #expect(await e.run(input: ["x": 1], executionName: "e").errorName == "States.Runtime")
    }

    @Test func nullInputAndOutputPathsGiveAnEmptyObject() async throws {
        let e = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":null,"ResultPath":"$.r","Result":1,"End":true}}}"#)
        #expect(await e.run(input: ["k": 0], executionName: "e").output == ["k": 0, "r": 1])
        let out = try engine(#"{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":null,"End":true}}}"#)
        #expect(await out.run(input: ["k": 0], executionName: "e").output == [:])
    }
}
