/// What a fault-tolerant chunk step does with an item that fails: Spring Batch's
/// `faultTolerant()` step, with its counters.
///
/// - **Read**: a skippable error counts a read skip (`READ_SKIP_COUNT`) and reading goes on
///   with the next record. The reader must have moved past the bad record: the file readers
///   do for a record they cannot map or whose field count is wrong.
/// - **Process**: a retryable error is tried again up to the retry limit, with the backoff in
///   between; then a skippable error counts a process skip (`PROCESS_SKIP_COUNT`) and a
///   rollback (`ROLLBACK_COUNT`, as Spring rolls the chunk back to drop the item), unless it
///   is a no-rollback error. Processing runs before the chunk's transaction, so a rollback
///   never undoes it and the processor never runs twice for one item (Spring's
///   `processorNonTransactional`, which swift-batch always is).
/// - **Write**: the chunk's transaction rolls back (`ROLLBACK_COUNT`); a retryable error writes
///   the whole chunk again in a new transaction, up to the limit. Then, if the error is
///   skippable, the chunk is *scanned*: each item written and committed in a transaction of
///   its own (`COMMIT_COUNT` counts each), so the bad ones fail alone; each is skipped
///   (`WRITE_SKIP_COUNT`, and a rollback each) and the good ones are kept.
///
/// The skip counters and the reader's position commit with the chunk, so a restart neither
/// skips an item again nor loses one. The skip limit counts the skips of one step execution;
/// a restart's execution counts afresh, as Spring Batch's does.
///
/// Where swift-batch differs: the scan writes each item under a savepoint of the chunk's one
/// transaction rather than a transaction per item, so `COMMIT_COUNT` rises by one for a
/// scanned chunk (Spring: one per item), and a crash during a scan leaves the whole chunk
/// uncommitted instead of part of it, which a restart then writes exactly once.
public struct FaultTolerance: Sendable {
    /// Which failed items are skipped, and how many.
    public var skipPolicy: any SkipPolicy
    /// Retries of processing and of writing.
    public var retry: RetryPolicy
    /// Errors that skip their item without counting a rollback (Spring's `noRollback`).
    public var noRollback: ErrorClassifier
    /// Told of every skip.
    public var skipListeners: [any SkipListener]
    /// Told of every retry.
    public var retryListeners: [any RetryListener]
    /// Where skipped items go, as ``RejectRecord`` lines, from the step's context (job
    /// parameters); nil keeps no reject file. Written with each chunk's commit, cut back to the
    /// committed length on a restart: every skipped item is there exactly once.
    public var rejectFile: (@Sendable (StepContext) throws -> String)?

    /// A fault tolerance.
    /// - Parameters:
    ///   - skipPolicy: Which failed items are skipped; ``NeverSkipPolicy`` for none.
    ///   - retry: Retries of processing and writing; ``RetryPolicy/never`` for none.
    ///   - noRollback: Errors whose skip counts no rollback.
    ///   - skipListeners: Told of every skip, with the item and the error.
    ///   - retryListeners: Told of every failed attempt that will be retried, and of retries that ran out.
    ///   - rejectFile: The path of the reject file for a step execution; nil for none.
    public init(
        skipPolicy: any SkipPolicy = NeverSkipPolicy(), retry: RetryPolicy = .never, noRollback: ErrorClassifier = .none,
        skipListeners: [any SkipListener] = [], retryListeners: [any RetryListener] = [],
        rejectFile: (@Sendable (StepContext) throws -> String)? = nil
    ) {
        self.skipPolicy = skipPolicy
        self.retry = retry
        self.noRollback = noRollback
        self.skipListeners = skipListeners
        self.retryListeners = retryListeners
        self.rejectFile = rejectFile
    }

    /// Spring's usual declaration: skip `skippable` errors up to `skipLimit` items, retry
    /// `retryable` errors up to `retryLimit` attempts with `backoff`.
    public static func skipping(
        _ skippable: ErrorClassifier, limit skipLimit: Int64, retrying retryable: ErrorClassifier = .none, retryLimit: Int = 1,
        backoff: Backoff = .exponential(initial: .milliseconds(100))
    ) -> FaultTolerance {
        FaultTolerance(
            skipPolicy: LimitCheckingSkipPolicy(limit: skipLimit, skippable: skippable),
            retry: RetryPolicy(limit: retryLimit, retryable: retryable, backoff: backoff))
    }
}
