import Foundation
import StateMachine
import Testing

/// A Fail state's ErrorPath/CausePath accept only the intrinsics AWS lists for them.
@Suite struct FailStateIntrinsicsTests {
    @Test func onlyStringIntrinsicsAreAllowed() {
        let ok = #"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"States.Format('E{}', 1)","CausePath":"States.UUID()"}}}"#
        #expect(StateMachineValidator.validate(Data(ok.utf8), knownResources: nil).isEmpty)
        let bad = #"{"StartAt":"F","States":{"F":{"Type":"Fail","CausePath":"States.ArrayLength($.a)"}}}"#
        #expect(StateMachineValidator.validate(Data(bad.utf8), knownResources: nil).contains { $0.field == "CausePath" })
    }
}
