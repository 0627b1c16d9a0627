/// Told of each skipped item (Spring's `SkipListener`); every hook has a no-op default.
///
/// Items reach the listener as `Any` (the reader's item for a process skip, the writer's for
/// a write skip), since one fault tolerance serves steps of any types. A write skip is told
/// after the item's own transaction rolled back, a read or process skip as it happens; the
/// counters that record them commit with the chunk.
public protocol SkipListener: Sendable {
    /// A record could not be read and was skipped.
    func onSkipInRead(_ error: any Error) async
    /// An item could not be processed and was skipped.
    func onSkipInProcess(_ item: Any, error: any Error) async
    /// An item could not be written and was skipped.
    func onSkipInWrite(_ item: Any, error: any Error) async
}

extension SkipListener {
    /// Does nothing.
    public func onSkipInRead(_ error: any Error) async {}
    /// Does nothing.
    public func onSkipInProcess(_ item: Any, error: any Error) async {}
    /// Does nothing.
    public func onSkipInWrite(_ item: Any, error: any Error) async {}
}

/// Told of retries (Spring's `RetryListener`); both hooks have no-op defaults.
public protocol RetryListener: Sendable {
    /// Attempt `attempt` (from 1) failed with a retryable error; the next starts after `delay`.
    func onRetry(attempt: Int, error: any Error, delay: Duration) async
    /// The last attempt failed too: the error goes on to the skip policy.
    func onRetryExhausted(attempts: Int, error: any Error) async
}

extension RetryListener {
    /// Does nothing.
    public func onRetry(attempt: Int, error: any Error, delay: Duration) async {}
    /// Does nothing.
    public func onRetryExhausted(attempts: Int, error: any Error) async {}
}
