/// How often an item's processing or a chunk's write is tried again after a retryable error,
/// and how long to wait in between (Spring's `retryLimit`, `retry(...)` and `backOffPolicy`).
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included: 3 means two retries. 1 never retries.
    public var limit: Int
    /// Which errors are worth another attempt.
    public var retryable: ErrorClassifier
    /// The pause before each retry.
    public var backoff: Backoff

    /// A policy of `limit` attempts for `retryable` errors.
    public init(limit: Int, retryable: ErrorClassifier, backoff: Backoff = .exponential(initial: .milliseconds(100))) {
        self.limit = max(1, limit)
        self.retryable = retryable
        self.backoff = backoff
    }

    /// Never retries.
    public static let never = RetryPolicy(limit: 1, retryable: .none, backoff: .none)
}
