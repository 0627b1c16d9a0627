/// Runs an operation under a ``RetryPolicy``: again after each retryable failure, up to the
/// policy's limit, with its backoff in between and its listeners told.
struct Retrier: Sendable {
    let policy: RetryPolicy
    let listeners: [any RetryListener]

    /// The operation's result; its last error when it fails with an error that is not
    /// retryable (or that `final` picks out) or on its last attempt. `failed` runs after each
    /// failed attempt.
    func run<T>(
        _ operation: () async throws -> T, final: (any Error) -> Bool = { _ in false }, failed: (any Error) -> Void = { _ in }
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch {
                failed(error)
                guard !final(error), policy.retryable.matches(error) else { throw error }
                guard attempt < policy.limit else {
                    if policy.limit > 1 {
                        for listener in listeners { await listener.onRetryExhausted(attempts: attempt, error: error) }
                    }
                    throw error
                }
                let delay = policy.backoff.delay(beforeRetry: attempt)
                for listener in listeners { await listener.onRetry(attempt: attempt, error: error, delay: delay) }
                if delay > .zero { try await Task.sleep(for: delay) }
                attempt += 1
            }
        }
    }
}
