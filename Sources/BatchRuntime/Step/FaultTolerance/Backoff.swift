import Foundation

/// How long to wait before each retry.
public enum Backoff: Sendable, Hashable {
    /// Retry at once.
    case none
    /// The same pause before every retry.
    case fixed(Duration)
    /// `initial`, then each pause `multiplier` times the last, at most `maximum`; with
    /// `jitter` each pause is drawn uniformly between half of it and all of it, so workers
    /// that failed together do not retry together.
    case exponential(initial: Duration, multiplier: Double = 2, maximum: Duration = .seconds(30), jitter: Bool = true)

    /// The pause before retry number `attempt` (1 for the first retry).
    public func delay(beforeRetry attempt: Int) -> Duration {
        switch self {
        case .none:
            return .zero
        case .fixed(let pause):
            return pause
        case .exponential(let initial, let multiplier, let maximum, let jitter):
            let seconds = Self.seconds(initial) * Foundation.pow(max(1, multiplier), Double(max(0, attempt - 1)))
            let capped = min(seconds, Self.seconds(maximum))
            let drawn = jitter ? Double.random(in: (capped / 2)...capped) : capped
            return .nanoseconds(Int64(drawn * 1_000_000_000))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
