import Foundation
import StateMachine
import Testing

/// A Fail state's ErrorPath/CausePath accept only the intrinsics AWS lists for them.
@Suite struct FailStateIntrinsicsTests {
    @Test func onlyStringIntrinsicsAreAllowed() {
        let ok = #"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"States.Format('E{}', 1)","CausePath":"States.UUID()"}}}"#
        #expect(StateMachineDefinition.check(Data(ok.utf8), knownResources: nil).problems.isEmpty)
        let bad = #"{"StartAt":"F","States":{"F":{"Type":"Fail","CausePath":"States.ArrayLength($.a)"}}}"#
        #expect(StateMachineDefinition.check(Data(bad.utf8), knownResources: nil).problems.contains { $0.field == "CausePath" })
    }
}
