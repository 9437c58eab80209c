import Foundation

/// Parallel and Map: child executions under structured concurrency.
extension ExecutionRun {
    func runParallel(_ state: State, _ input: JSONValue, cursor: EventCursor, variables: [String: JSONValue]) async throws -> JSONValue {
        emit(cursor, "ParallelStateStarted", state: state.name)
        let start = cursor.last
        do {
            let results = try await withThrowingTaskGroup(of: (Int, JSONValue).self) { group in
                for (index, branch) in state.branches.enumerated() {
                    group.addTask {
                        (index, try await self.runMachine(branch, input: input, cursor: EventCursor(last: start), variables: variables))
                    }
                }
                var results = [JSONValue](repeating: .null, count: state.branches.count)
                // The first failure leaves the closure, which cancels the remaining branches.
                for try await (index, output) in group { results[index] = output }
                return results
            }
            emit(cursor, "ParallelStateSucceeded", state: state.name)
            return .array(results)
        } catch {
            let e = StatesError.from(error)
            emit(cursor, "ParallelStateFailed", state: state.name, error: e.error, cause: e.cause)
            throw e
        }
    }

    func runMap(_ state: State, _ effective: JSONValue, retryCount: Int, cursor: EventCursor,
                variables: [String: JSONValue]) async throws -> JSONValue {
        let stateScope = scope(for: state, retryCount: retryCount, variables: variables)
        let itemsValue: JSONValue
        switch state.itemsPath {
        case .path(let p):
            guard let v = p.select(effective, stateScope) else {
                throw StatesError.runtime("Invalid path '\(p.text)' : No results for path: \(p.text)")
            }
            itemsValue = v
        default:
            itemsValue = effective
        }
        guard case .array(let items) = itemsValue else {
            throw StatesError.runtime("The ItemsPath of state '\(state.name)' must select an array, got \(itemsValue.typeName)")
        }
        var maxConcurrency = state.maxConcurrency
        if let p = state.maxConcurrencyPath {
            guard let v = p.select(effective, stateScope), case .number(let n) = v, let i = n.intValue, i >= 0 else {
                throw StatesError.runtime("The MaxConcurrencyPath '\(p.text)' of state '\(state.name)' does not select a non-negative integer")
            }
            maxConcurrency = i
        }
        guard let iterator = state.iterator else { throw StatesError.runtime("Map state '\(state.name)' has no ItemProcessor") }
        emit(cursor, "MapStateStarted", state: state.name, input: { "{\"length\":\(items.count)}" })
        let mapStart = cursor.last
        var toleratedCount = state.toleratedFailureCount
        if let p = state.toleratedFailureCountPath {
            guard let v = p.select(effective, stateScope), case .number(let n) = v, let i = n.intValue, i >= 0 else {
                throw StatesError.runtime("The ToleratedFailureCountPath '\(p.text)' of state '\(state.name)' does not select a non-negative integer")
            }
            toleratedCount = i
        }
        var toleratedPercentage = state.toleratedFailurePercentage
        if let p = state.toleratedFailurePercentagePath {
            guard let v = p.select(effective, stateScope), let share = v.numberValue?.doubleValue, (0...100).contains(share) else {
                throw StatesError.runtime("The ToleratedFailurePercentagePath '\(p.text)' of state '\(state.name)' does not select a number from 0 to 100")
            }
            toleratedPercentage = share
        }
        let tolerance = toleratedCount != nil || toleratedPercentage != nil
        // Unlimited concurrency behaves like the service's inline Map, which runs up to 40 at once.
        let workers = min(items.count, maxConcurrency > 0 ? maxConcurrency : 40)
        let queue = WorkQueue(count: items.count)
        let stateContextNeeded = state.itemSelector != nil && state.usesContext

        func iterate(_ index: Int) async throws -> JSONValue {
            let item = items[index]
            let iterationInput: JSONValue
            if let selector = state.itemSelector {
                let context = stateContextNeeded ? self.context(for: state, retryCount: retryCount, mapItem: (index, item)) : .null
                iterationInput = try selector.evaluate(input: effective, scope: PathScope(context: context, variables: variables))
            } else {
                iterationInput = item
            }
            let iterationCursor = EventCursor(last: mapStart)
            emit(iterationCursor, "MapIterationStarted", state: state.name, input: { "{\"index\":\(index)}" })
            do {
                let output = try await runMachine(iterator, input: iterationInput, cursor: iterationCursor, variables: variables)
                emit(iterationCursor, "MapIterationSucceeded", state: state.name, output: { "{\"index\":\(index)}" })
                return output
            } catch {
                let e = StatesError.from(error)
                emit(iterationCursor, "MapIterationFailed", state: state.name, error: e.error, cause: e.cause)
                throw e
            }
        }

        do {
            var results = [JSONValue](repeating: .null, count: items.count)
            var failures = 0
            try await withThrowingTaskGroup(of: [(Int, Result<JSONValue, StatesError>)].self) { group in
                for _ in 0..<workers {
                    group.addTask {
                        var done: [(Int, Result<JSONValue, StatesError>)] = []
                        while let index = queue.next() {
                            try Task.checkCancellation()
                            do {
                                done.append((index, .success(try await iterate(index))))
                            } catch {
                                if error is CancellationError { throw error }
                                let e = StatesError.from(error)
                                // Without a tolerance the first failure fails the whole Map at once.
                                if !tolerance { throw e }
                                done.append((index, .failure(e)))
                            }
                        }
                        return done
                    }
                }
                for try await batch in group {
                    for (index, outcome) in batch {
                        switch outcome {
                        case .success(let v): results[index] = v
                        case .failure(let e):
                            failures += 1
                            var o = JSONObject()
                            o["Error"] = .string(e.error ?? "")
                            if let c = e.cause { o["Cause"] = .string(c) }
                            results[index] = .object(o)
                        }
                    }
                }
            }
            if failures > 0 {
                let byCount = toleratedCount.map { failures > $0 } ?? false
                let byPercentage = toleratedPercentage.map { Double(failures) * 100 / Double(items.count) > $0 } ?? false
                // "If you specify both values, the workflow fails when it exceeds either value"
                // (AWS developer guide, tolerated failure threshold).
                if byCount || byPercentage {
                    throw StatesError(error: "States.ExceedToleratedFailureThreshold",
                                      cause: "The Map state '\(state.name)' had \(failures) failed iteration(s) of \(items.count), more than it tolerates")
                }
            }
            emit(cursor, "MapStateSucceeded", state: state.name)
            return .array(results)
        } catch {
            let e = StatesError.from(error)
            emit(cursor, "MapStateFailed", state: state.name, error: e.error, cause: e.cause)
            throw e
        }
    }
}

/// Hands out item indexes to Map workers in order.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }
}
