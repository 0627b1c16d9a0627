import CoreMetrics
import Synchronization

// swift-prometheus 2.4.1 renders timers as bucketed histograms named after the label; Spring's
// dashboards read Micrometer's layout instead (`<name>_seconds_count`, `_sum`, a `_max` gauge,
// long task timers' `_active_count`), and the common tags of a task run are known only after
// its metrics exist. Both need a renderer of our own; this one is small.

/// A swift-metrics backend that keeps every series in memory and renders it as Prometheus text
/// exposition format 0.0.4, named the way Micrometer names Spring's metrics.
///
/// ```swift
/// let registry = PrometheusRegistry(commonTags: [("application", "nightly-42")])
/// MetricsSystem.bootstrap(registry)
/// Timer(label: "spring.batch.job", dimensions: [("spring.batch.job.name", "nightly")]).recordSeconds(2)
/// registry.renderText()   // spring_batch_job_seconds_count{application="nightly-42",spring_batch_job_name="nightly"} 1.0 ...
/// ```
///
/// Series live until the process ends, so a completed job's timer is still there for the
/// final push when its task exits. A timer's `_max` is Micrometer's decaying maximum: the
/// largest value of the last 4 to 6 minutes. Metrics created with the same label and dimensions share
/// one series. Common tags are added when rendering (a metric's own tag of the same name wins),
/// so they can be set once the task execution id is known.
public final class PrometheusRegistry: MetricsFactory, Sendable {
    enum Kind: Equatable {
        case counter, gauge, summary, timer, longTask
    }

    struct Series {
        var labels: [(String, String)]
        var handler: AnyObject & Sendable
    }

    struct Family {
        var kind: Kind
        var series: [Series] = []
        var index: [String: Int] = [:]
    }

    struct State {
        var families: [String: Family] = [:]
        var order: [String] = []
        var commonTags: [(String, String)] = []
        /// `# HELP` texts by family name.
        var descriptions: [String: String] = [:]
    }

    let state: Mutex<State>
    let maxWindow: TimeWindowMax.Configuration

    /// Creates an empty registry.
    /// - Parameter commonTags: Tags added to every series when rendering.
    public init(commonTags: [(String, String)] = []) {
        state = Mutex(State(commonTags: Self.normalize(commonTags)))
        maxWindow = .standard
    }

    /// Creates an empty registry whose timers' `_max` decays over `expiry × bufferLength`
    /// measured on `now` (monotonic nanoseconds): for tests and tuning.
    package init(commonTags: [(String, String)] = [], maxExpiry: Duration, bufferLength: Int, now: @escaping @Sendable () -> UInt64) {
        state = Mutex(State(commonTags: Self.normalize(commonTags)))
        maxWindow = TimeWindowMax.Configuration(expiry: maxExpiry, bufferLength: bufferLength, now: now)
    }

    /// Replaces the tags added to every series, such as `application=<task>-<execution id>`.
    public func setCommonTags(_ tags: [(String, String)]) {
        let normalized = Self.normalize(tags)
        state.withLock { $0.commonTags = normalized }
    }

    /// Sets the description rendered on the `# HELP` line of the metric `label`'s families, as a
    /// Micrometer meter's `description` is (Spring Batch's `spring.batch.job` says "Job duration").
    /// Without one the line carries a single space, as Micrometer's does. The metric need not exist yet.
    /// - Parameters:
    ///   - description: The help text; backslashes and newlines are escaped when rendered.
    ///   - label: The metric's label, as given to swift-metrics (`spring.batch.job`).
    public func setDescription(_ description: String, forLabel label: String) {
        let name = PrometheusNaming.name(label)
        state.withLock { $0.descriptions[name] = description }
    }

    /// The tags added to every series, with label names as rendered.
    public var commonTags: [(String, String)] { state.withLock { $0.commonTags } }

    /// How many series the registry holds.
    public var seriesCount: Int { state.withLock { $0.families.values.reduce(0) { $0 + $1.series.count } } }

    // MARK: MetricsFactory

    /// Creates (or finds) the counter series for `label` and `dimensions`.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        series(.counter, label, dimensions) { CounterSeries() }
    }

    /// Creates (or finds) the counter series for `label` and `dimensions`.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        series(.counter, label, dimensions) { CounterSeries() }
    }

    /// Creates (or finds) a gauge; meters named `*.active` are kept as Micrometer long task timers.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        if label.hasSuffix(".active") {
            return series(.longTask, label, dimensions) { LongTaskSeries() }
        }
        return series(.gauge, label, dimensions) { GaugeSeries() }
    }

    /// Creates (or finds) a distribution summary (`aggregate`) or a gauge.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        aggregate
            ? series(.summary, label, dimensions) { SummarySeries(maxWindow: maxWindow) } : series(.gauge, label, dimensions) { GaugeSeries() }
    }

    /// Creates (or finds) a timer series, rendered in seconds.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        series(.timer, label, dimensions) { SummarySeries(maxWindow: maxWindow) }
    }

    /// Series are kept until the process ends so their last values can still be pushed.
    public func destroyCounter(_ handler: any CounterHandler) {}
    /// Series are kept until the process ends so their last values can still be pushed.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    /// Series are kept until the process ends so their last values can still be pushed.
    public func destroyMeter(_ handler: any MeterHandler) {}
    /// Series are kept until the process ends so their last values can still be pushed.
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    /// Series are kept until the process ends so their last values can still be pushed.
    public func destroyTimer(_ handler: any TimerHandler) {}

    // MARK: Storage

    private func series<Handler: AnyObject & Sendable, Result>(
        _ kind: Kind, _ label: String, _ dimensions: [(String, String)], _ make: () -> Handler
    ) -> Result {
        let name = PrometheusNaming.name(label)
        let labels = Self.normalize(dimensions)
        let key = labels.map { "\($0.0)=\($0.1)" }.joined(separator: "\u{1}")
        let handler: AnyObject & Sendable = state.withLock { state in
            if state.families[name] == nil {
                state.families[name] = Family(kind: kind)
                state.order.append(name)
            }
            guard state.families[name]!.kind == kind else {
                // The same name as another kind: Prometheus cannot hold both; keep it unrendered.
                return make()
            }
            if let existing = state.families[name]!.index[key] {
                return state.families[name]!.series[existing].handler
            }
            let handler = make()
            state.families[name]!.index[key] = state.families[name]!.series.count
            state.families[name]!.series.append(Series(labels: labels, handler: handler))
            return handler
        }
        // Every handler stored for a kind conforms to that kind's protocols.
        return handler as! Result
    }

    /// Label names sanitized, duplicates dropped (first wins), sorted by name as Micrometer does.
    static func normalize(_ tags: [(String, String)]) -> [(String, String)] {
        var seen = Set<String>()
        var result: [(String, String)] = []
        for (key, value) in tags {
            let name = PrometheusNaming.labelName(key)
            if seen.insert(name).inserted { result.append((name, value)) }
        }
        return result.sorted { $0.0 < $1.0 }
    }
}
