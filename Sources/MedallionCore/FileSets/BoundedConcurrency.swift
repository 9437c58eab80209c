/// Runs an async body over items with at most `limit` running at once, results in item order.
enum BoundedConcurrency {
    /// Every body runs to its end (a throwing body's error is the first one thrown, by item
    /// order, after the others finished), so no work is left running behind the caller.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], limit: Int,
                                                      _ body: @escaping @Sendable (Int, Item) async throws -> Result) async throws -> [Result] {
        var results = [Swift.Result<Result, any Error>?](repeating: nil, count: items.count)
        await withTaskGroup(of: (Int, Swift.Result<Result, any Error>).self) { group in
            var next = 0
            func start() {
                let index = next
                let item = items[index]
                next += 1
                group.addTask {
                    do { return (index, .success(try await body(index, item))) } catch { return (index, .failure(error)) }
                }
            }
            while next < min(max(1, limit), items.count) { start() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < items.count { start() }
            }
        }
        return try results.map { result in
            guard let result else { throw CancellationError() }
            return try result.get()
        }
    }
}
