/// Processes the items of a chunk several at a time, the results in the items' order: for a
/// processor that waits on slow services. The chunk is read first, then processed with at
/// most `limit` items in flight, then written and committed as one chunk as always, so a
/// restart still resumes after the last committed chunk and every item is written once.
struct ConcurrentProcessing<Input, Output>: Sendable {
    /// Items in flight at most.
    let limit: Int
    /// The results of processing `items` (each retried under the retrier when given), in order.
    let process: @Sendable ([Input], Retrier?) async -> [Result<Output?, any Error>]
}

extension ConcurrentProcessing where Input: Sendable, Output: Sendable {
    /// Processing by `body`, at most `limit` items at a time.
    init(limit: Int, _ body: @escaping @Sendable (Input) async throws -> Output?) {
        let limit = max(1, limit)
        self.limit = limit
        self.process = { items, retrier in
            await withTaskGroup(of: (Int, Result<Output?, any Error>).self) { group in
                var results = [Result<Output?, any Error>?](repeating: nil, count: items.count)
                var next = 0
                func start() {
                    let index = next
                    let item = items[index]
                    next += 1
                    group.addTask {
                        do {
                            let output: Output?
                            if let retrier {
                                output = try await retrier.run { try await body(item) }
                            } else {
                                output = try await body(item)
                            }
                            return (index, .success(output))
                        } catch {
                            return (index, .failure(error))
                        }
                    }
                }
                while next < min(limit, items.count) { start() }
                while let (index, result) = await group.next() {
                    results[index] = result
                    if next < items.count { start() }
                }
                return results.map { $0 ?? .failure(BatchError(.processFailed, "an item of the chunk was never processed")) }
            }
        }
    }
}
