/// Decides whether a failed item is skipped (counted and left out) or fails the step.
public protocol SkipPolicy: Sendable {
    /// Whether to skip the item that failed with `error`, given how many items this step
    /// execution skipped before it (a restart starts a new count, as in Spring Batch). A
    /// `skipped` of -1 asks only whether the error is of a skippable kind.
    /// - Throws: To fail the step with a reason of the policy's own, such as
    ///   ``BatchError/Code/skipLimitExceeded``.
    func shouldSkip(_ error: any Error, skipped: Int64) throws -> Bool
}

/// Spring's `LimitCheckingItemSkipPolicy`: skips errors of the skippable class until the step
/// has skipped `limit` items; the next skippable error fails the step with
/// ``BatchError/Code/skipLimitExceeded``, naming the limit.
public struct LimitCheckingSkipPolicy: SkipPolicy {
    /// How many items the step may skip in all.
    public var limit: Int64
    /// Which errors are skipped.
    public var skippable: ErrorClassifier

    /// A policy that skips `skippable` errors up to `limit` items.
    public init(limit: Int64, skippable: ErrorClassifier) {
        self.limit = limit
        self.skippable = skippable
    }

    /// Skips a skippable error while fewer than `limit` items were skipped.
    public func shouldSkip(_ error: any Error, skipped: Int64) throws -> Bool {
        guard skippable.matches(error) else { return false }
        guard skipped < limit else {
            throw BatchError(
                .skipLimitExceeded,
                "the skip limit of \(limit) is exceeded: \(skipped) items were skipped and another failed (\(BatchError.describe(error))); "
                    + "fix the input or raise the limit, then restart the job to resume after the last committed chunk",
                cause: error)
        }
        return true
    }
}

/// Skips nothing: every error fails the step.
public struct NeverSkipPolicy: SkipPolicy {
    /// The policy.
    public init() {}
    /// Returns false.
    public func shouldSkip(_ error: any Error, skipped: Int64) throws -> Bool { false }
}
