import Foundation
import StateMachine
import Testing

/// AWS accepts `"QueryLanguage"` on the machine and on each state; the engine runs JSONPath only.
@Suite struct QueryLanguageTests {
    @Test func stateLevelJSONPathIsAcceptedAndJSONataRejected() {
        let ok = #"{"QueryLanguage":"JSONPath","StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONPath","End":true}}}"#
        #expect(StateMachineDefinition.check(Data(ok.utf8), knownResources: nil).problems.isEmpty)
        let jsonata = #"{"StartAt":"A","States":{"A":{"Type":"Pass","QueryLanguage":"JSONata","End":true}}}"#
        let problems = StateMachineDefinition.check(Data(jsonata.utf8), knownResources: nil).problems
        #expect(problems.contains { $0.statePath.contains("A") && $0.field == "QueryLanguage" })
    }
}
