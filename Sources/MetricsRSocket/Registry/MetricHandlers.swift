import CoreMetrics
import Synchronization

/// A counter's value. Increments are a lock and an add, cheap enough for per-item metrics.
final class CounterSeries: CounterHandler, FloatingPointCounterHandler, Sendable {
    private let value = Mutex<Double>(0)

    func increment(by amount: Int64) { value.withLock { $0 += Double(amount) } }
    func increment(by amount: Double) {
        guard amount > 0, amount.isFinite else { return }
        value.withLock { $0 += amount }
    }
    func reset() { value.withLock { $0 = 0 } }
    var current: Double { value.withLock { $0 } }
}

/// A gauge's value: a swift-metrics `Meter`, or a `Recorder` that does not aggregate.
final class GaugeSeries: MeterHandler, RecorderHandler, Sendable {
    private let value = Mutex<Double>(0)

    func set(_ newValue: Int64) { value.withLock { $0 = Double(newValue) } }
    func set(_ newValue: Double) { value.withLock { $0 = newValue } }
    func increment(by amount: Double) { value.withLock { $0 += amount } }
    func decrement(by amount: Double) { value.withLock { $0 -= amount } }
    func record(_ newValue: Int64) { set(newValue) }
    func record(_ newValue: Double) { set(newValue) }
    var current: Double { value.withLock { $0 } }
}

/// Count, total and maximum of recorded values: a swift-metrics `Timer` (in nanoseconds) or an
/// aggregating `Recorder`, rendered as Micrometer renders timers and distribution summaries.
/// Count and total only grow; the maximum decays as Micrometer's does (``TimeWindowMax``).
final class SummarySeries: TimerHandler, RecorderHandler, Sendable {
    struct Snapshot {
        var count: Int64 = 0
        var sum: Double = 0
        var max: Double = 0
    }

    private struct State {
        var count: Int64 = 0
        var sum: Double = 0
        var max: TimeWindowMax
    }

    private let state: Mutex<State>
    private let now: @Sendable () -> UInt64

    init(maxWindow: TimeWindowMax.Configuration = .standard) {
        state = Mutex(State(max: TimeWindowMax(maxWindow)))
        now = maxWindow.now
    }

    func recordNanoseconds(_ duration: Int64) { record(Double(duration)) }
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        guard value.isFinite else { return }
        let time = now()
        state.withLock {
            $0.count += 1
            $0.sum += value
            $0.max.record(value, now: time)
        }
    }
    var snapshot: Snapshot {
        let time = now()
        return state.withLock { Snapshot(count: $0.count, sum: $0.sum, max: $0.max.value(now: time)) }
    }
}

/// Micrometer's long task timer, kept from a swift-metrics `Meter` that is incremented when a
/// task starts and decremented when it ends (`spring.batch.job.active`, `spring.cloud.task.active`):
/// how many run now, for how long in total, and the longest.
final class LongTaskSeries: MeterHandler, Sendable {
    struct Snapshot {
        var active: Int
        var durationSum: Double
        var max: Double
    }

    /// Start instants of the running tasks, oldest first.
    private let starts = Mutex<[ContinuousClock.Instant]>([])

    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) {
        let target = max(0, Int(value.rounded()))
        starts.withLock { starts in
            if target < starts.count { starts.removeFirst(starts.count - target) }
            let now = ContinuousClock.now
            while starts.count < target { starts.append(now) }
        }
    }
    func increment(by amount: Double) {
        let now = ContinuousClock.now
        starts.withLock { starts in
            for _ in 0..<max(0, Int(amount.rounded())) { starts.append(now) }
        }
    }
    func decrement(by amount: Double) {
        starts.withLock { starts in
            starts.removeFirst(min(starts.count, max(0, Int(amount.rounded()))))
        }
    }

    /// Durations in seconds, measured now.
    var snapshot: Snapshot {
        let now = ContinuousClock.now
        return starts.withLock { starts in
            let durations = starts.map { Double($0.duration(to: now).nanoseconds) / 1e9 }
            return Snapshot(active: starts.count, durationSum: durations.reduce(0, +), max: durations.first ?? 0)
        }
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : product + attoseconds / 1_000_000_000
    }
}
