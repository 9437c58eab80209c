import Foundation
import StateMachine

// Transitions per second of the engine on two workloads (see `make bench`):
// a 10,000-state Pass chain with Parameters and ResultPath, and a Map over 100,000 items with a
// Pass iteration. The headline figures run without an observer; the last line shows the chain
// again with every history event (input/output JSON included) delivered to an observer.

func passChain(states count: Int) -> JSONValue {
    var states = JSONObject()
    for i in 0..<count {
        let parameters: JSONValue = ["step": .number(.integer(i)), "value.$": "$.value"]
        var state = JSONObject([("Type", "Pass"), ("Parameters", parameters), ("ResultPath", "$.last")])
        if i + 1 < count { state["Next"] = .string("S\(i + 1)") } else { state["End"] = true }
        states["S\(i)"] = .object(state)
    }
    return ["StartAt": "S0", "States": .object(states)]
}

func mapOverItems() -> JSONValue {
    [
        "StartAt": "M",
        "States": [
            "M": [
                "Type": "Map", "ItemsPath": "$.items", "End": true,
                "ItemProcessor": ["StartAt": "P", "States": ["P": ["Type": "Pass", "Parameters": ["v.$": "$"], "End": true]]],
            ],
        ],
    ]
}

/// Counts history events, to show what recording costs.
final class CountingObserver: ExecutionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func record(_ event: HistoryEvent) { lock.withLock { count += 1 } }
}

func measure(_ label: String, definition: JSONValue, input: JSONValue, transitions: Int, repeats: Int,
             observer: (any ExecutionObserver)? = nil) async throws {
    let parsed = try StateMachineDefinition.parse(Data(definition.serialized().utf8))
    let engine = ExecutionEngine(definition: parsed, handlers: [:], observer: observer)
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = await engine.run(input: input, executionName: "bench")
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if case .failed(let error, let cause) = result {
            print("\(label): failed with \(error): \(cause ?? "")")
            exit(1)
        }
        best = min(best, seconds)
    }
    let rate = Double(transitions) / best
    print(String(format: "%@: %d transitions in %.3f s = %.0f transitions/s (best of %d)", label, transitions, best, rate, repeats))
}

let chainLength = 10_000
try await measure("pass chain, 10,000 states with Parameters+ResultPath", definition: passChain(states: chainLength),
                  input: ["value": 42, "payload": ["a": [1, 2, 3], "b": "text"]], transitions: chainLength, repeats: 5)

let itemCount = 100_000
let items = JSONValue.array((0..<itemCount).map { .number(.integer($0)) })
// Each item is one iteration with one Pass state: count the Pass transitions.
try await measure("map over 100,000 items, Pass iteration", definition: mapOverItems(),
                  input: ["items": items], transitions: itemCount, repeats: 3)

try await measure("pass chain, 10,000 states, with history events recorded", definition: passChain(states: chainLength),
                  input: ["value": 42, "payload": ["a": [1, 2, 3], "b": "text"]], transitions: chainLength, repeats: 5,
                  observer: CountingObserver())
